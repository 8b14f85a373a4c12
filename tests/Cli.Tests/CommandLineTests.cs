using System.Text.Json;
using Reference.Cli.Connection;
using Reference.Cli.Tests.Support;

namespace Reference.Cli.Tests;

/// <summary>What the command line says about bad arguments and missing setup: one clear line and a non-zero exit code.</summary>
public class CommandLineTests
{
    private static readonly Dictionary<string, string> NoPlatform = new() { ["PLATFORM_TOKEN"] = "t" };

    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "deploy", "fraud");

        Assert.Equal(2, code);
        Assert.Contains("Unrecognized command or argument 'deploy'", error);
    }

    [Fact]
    public async Task Predict_without_an_entity_says_which_option_is_missing()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "predict", "fraud-detector");

        Assert.Equal(2, code);
        Assert.Contains("--entity", error);
    }

    [Fact]
    public async Task An_entity_that_is_not_key_equals_value_is_refused_before_any_call()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "predict", "fraud-detector", "--entity", "card-000001", "--endpoint", "serving=http://127.0.0.1:1");

        Assert.Equal(2, code);
        Assert.Contains("--entity 'card-000001' is not joinKey=value; write it as --entity card_id=card-000042.", error);
    }

    [Fact]
    public async Task A_version_below_one_is_refused()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "promote", "fraud-detector", "0");

        Assert.Equal(2, code);
        Assert.Contains("version is 0; versions start at 1.", error);
    }

    [Fact]
    public async Task A_malformed_endpoint_names_the_form_it_takes()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "apply", "fraud", "--endpoint", "feature-store");

        Assert.Equal(2, code);
        Assert.Contains("--endpoint 'feature-store' is not name=url; write it as --endpoint feature-store=http://127.0.0.1:5000.", error);
    }

    [Fact]
    public async Task Without_a_running_platform_the_cli_says_how_to_start_one()
    {
        var empty = Directory.CreateTempSubdirectory("cli-no-platform");
        try
        {
            var (code, _, error) = await CliRun.RunAsync(new Dictionary<string, string> { ["PLATFORM_TOKEN"] = "t" }, "apply", "fraud", "--state-dir", empty.FullName);

            Assert.Equal(1, code);
            Assert.Contains("Where is 'feature-store'?", error);
            Assert.Contains("dotnet run --project AppHost", error);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_credentials_the_cli_says_how_to_get_a_token()
    {
        var empty = Directory.CreateTempSubdirectory("cli-no-key");
        try
        {
            var (code, _, error) = await CliRun.RunAsync(new Dictionary<string, string>(), "apply", "fraud", "--state-dir", empty.FullName, "--endpoint", "feature-store=http://127.0.0.1:1");

            Assert.Equal(1, code);
            Assert.Contains("No credentials: pass --token", error);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_named_with_its_address()
    {
        var (code, _, error) = await CliRun.RunAsync(NoPlatform, "apply", "fraud", "--endpoint", "feature-store=http://127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Contains("feature-store at http://127.0.0.1:1 did not answer PUT /api/entities/card", error);
    }

    [Fact]
    public void Endpoints_come_from_the_command_line_then_the_apphost_environment_then_the_run_state_file()
    {
        var state = Directory.CreateTempSubdirectory("cli-state");
        try
        {
            Directory.CreateDirectory(Path.Combine(state.FullName, "run"));
            File.WriteAllText(Path.Combine(state.FullName, "run", "endpoints.json"), JsonSerializer.Serialize(new
            {
                resources = new Dictionary<string, object>
                {
                    ["feature-store"] = new { urls = new[] { "http://127.0.0.1:3001" } },
                    ["model-registry"] = new { urls = new[] { "http://127.0.0.1:3002" } },
                    ["serving"] = new { urls = new[] { "http://127.0.0.1:3003", "http://127.0.0.1:3004" } },
                },
            }));
            var environment = new Dictionary<string, string> { ["services__model-registry__http__0"] = "http://127.0.0.1:2002" };

            var endpoints = ServiceEndpoints.Resolve(["feature-store=http://127.0.0.1:1001"], environment, state.FullName);

            Assert.Equal(new Uri("http://127.0.0.1:1001"), endpoints.First("feature-store"));
            Assert.Equal(new Uri("http://127.0.0.1:2002"), endpoints.First("model-registry"));
            Assert.Equal([new Uri("http://127.0.0.1:3003"), new Uri("http://127.0.0.1:3004")], endpoints.All("serving"));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}
