using Reference.Hosting;
using Reference.Placement.Patterns;

namespace Reference.Publish.Tests;

public class RefusalTests
{
    [Fact]
    public void A_model_trained_on_eu_features_is_never_placed_outside_the_eu_and_the_refusal_names_the_feature_views()
    {
        using var sample = new SamplePlatform();
        // A scorer for US users with a 20 ms SLO could only run in the US; its model's lineage says eu.
        sample.Builder.AddProject<Projects.Reference_SampleService>("fraud-scorer")
            .WithUseCase("fraud")
            .WithPlacement(new CloudPerWorkload(), ["us-east"], 20);

        var error = Assert.Throws<DistributedApplicationException>(() => sample.Publish());
        Assert.Contains("fraud-scorer", error.Message);
        Assert.Contains("card_txn_stats", error.Message);
        Assert.Contains("fraud_labels", error.Message);
        Assert.Contains("eu-residency-in-eu", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
        Assert.False(File.Exists(Path.Combine(sample.Output, "placement.json")), "a refused publish wrote a plan");
    }

    [Fact]
    public async Task The_publish_verb_exits_with_1_when_placement_is_infeasible()
    {
        using var sample = new SamplePlatform();
        var builder = Reference.Hosting.Testing.DistributedApplicationTestingBuilder.Create(new Reference.Hosting.Testing.TestingOptions
        {
            Args = ["publish", "--output", sample.Output, "--deploy", SamplePlatform.DeployDirectory, "--usecases", sample.UseCases, "--clusters", "aws-us-east-1"],
        });
        builder.AddProject<Projects.Reference_SampleService>("feature-store").WithUseCase("fraud");
        await using var app = builder.Build();

        Assert.Equal(1, await app.RunAsync());
        Assert.True(File.Exists(Path.Combine(sample.Output, "aspire-manifest.json")));
        Assert.False(File.Exists(Path.Combine(sample.Output, "placement.json")));
    }

    [Fact]
    public void Restricted_data_is_refused_off_prem_with_the_rule_and_the_feature_view_named()
    {
        using var sample = new SamplePlatform("""
            name: identity
            owner: security-team
            costCenter: cc-7
            residency: eu
            featureViews:
              - {name: card_holder_pii, classification: restricted, features: [{name: name, type: string}]}
            """);
        sample.Builder.AddProject<Projects.Reference_SampleService>("kyc-check").WithUseCase("identity");

        var error = Assert.Throws<DistributedApplicationException>(() => sample.Publish(null, "aws-eu-west-1", "azure-westeurope", "gcp-europe-west4"));
        Assert.Contains("kyc-check", error.Message);
        Assert.Contains("restricted-stays-on-prem", error.Message);
        Assert.Contains("card_holder_pii", error.Message);

        // With the data centre available, the same topology places kyc-check there.
        sample.Publish();
        Assert.Contains("../../base/kyc-check\n", sample.Read("kubernetes/overlays/onprem-eu/kustomization.yaml"));
    }

    [Fact]
    public void Confidential_data_stays_off_providers_without_an_agreement()
    {
        using var sample = new SamplePlatform();
        var error = Assert.Throws<DistributedApplicationException>(() => sample.Publish(null, "gcp-europe-west4"));
        Assert.Contains("confidential-only-where-dpa-signed", error.Message);
        Assert.Contains("card_txn_stats", error.Message);
    }
}
