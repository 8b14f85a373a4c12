using Reference.Hosting;
using Reference.Hosting.Publishing;
using Reference.Hosting.Testing;

namespace Reference.Publish.Tests;

/// <summary>
/// `dotnet run --project AppHost -- publish …`: the verb's own options are options, and a configuration key
/// (`--Section:Key=value` or `--Section:Key value`) reaches the AppHost's configuration, as it does in run mode.
/// </summary>
public class PublishArgumentsTests
{
    [Fact]
    public async Task Configuration_keys_after_publish_reach_configuration_and_change_the_output()
    {
        using var sample = new SamplePlatform();
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions
        {
            Args =
            [
                "publish", "--output", sample.Output, "--deploy", SamplePlatform.DeployDirectory, "--usecases", sample.UseCases,
                "--clusters=aws-eu-west-1,onprem-eu", "--Publish:Namespace=team-fraud", "--Platform:Region", "eu-west", "--Publish__Team=risk",
            ],
        });
        builder.AddProject<Projects.Reference_SampleService>("model-registry");

        Assert.Equal("eu-west", builder.Configuration["Platform:Region"]);
        Assert.Equal("team-fraud", builder.Configuration["Publish:Namespace"]);
        Assert.Equal("risk", builder.Configuration["Publish:Team"]);

        await using var app = builder.Build();
        Assert.Equal(0, await app.RunAsync());

        var overlays = Directory.GetDirectories(Path.Combine(sample.Output, "kubernetes", "overlays")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(overlays);
        Assert.All(overlays, cluster =>
        {
            Assert.Contains(cluster, new[] { "aws-eu-west-1", "onprem-eu" });
            Assert.Contains("namespace: team-fraud", sample.Read($"kubernetes/overlays/{cluster}/kustomization.yaml"));
        });
    }

    [Fact]
    public void Options_and_configuration_are_told_apart_in_both_spellings()
    {
        var command = AppHostCommand.Parse(["publish", "--namespace", "from-option", "--Publish:Namespace=from-configuration", "--tag=v2", "--Publish:Domain", "example.org"]);

        Assert.Equal("from-option", command.GetOption("namespace"));
        Assert.Equal("v2", command.GetOption("tag"));
        Assert.Null(command.GetOption("Publish:Namespace"));
        Assert.Equal(["--Publish:Namespace=from-configuration", "--Publish:Domain=example.org"], command.ConfigurationArgs);
    }

    [Theory]
    [InlineData("--ouput", "Unknown option '--ouput' for 'publish'. Options: --output")]
    [InlineData("stray", "Unexpected argument 'stray' for 'publish'")]
    public void A_misspelt_option_is_refused_rather_than_ignored(string argument, string message)
    {
        var error = Assert.Throws<DistributedApplicationException>(() => AppHostCommand.Parse(["publish", argument, "deploy/out"]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_health_check_key_is_refused_with_the_expected_shape()
    {
        using var sample = new SamplePlatform();
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions
        {
            Args = ["publish", "--output", sample.Output, "--deploy", SamplePlatform.DeployDirectory, "--usecases", sample.UseCases, "--Publish:HealthChecks:model-registry=hc-1"],
        });
        try
        {
            builder.AddProject<Projects.Reference_SampleService>("model-registry");
            var error = Assert.Throws<DistributedApplicationException>(() => PublishCommand.Run(builder.Inner, new NoLog()));
            Assert.Contains("Publish:HealthChecks:<workload>:<cluster>", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (builder.OwnedStateDirectory is { } state)
            {
                Directory.Delete(state, recursive: true);
            }
        }
    }

    private sealed class NoLog : Reference.Hosting.Orchestration.ILogSink
    {
        public void ResourceLine(string resource, string line, bool isError)
        {
        }

        public void Info(string message)
        {
        }

        public void Error(string message)
        {
        }
    }
}
