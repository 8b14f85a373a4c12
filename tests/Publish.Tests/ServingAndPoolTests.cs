using System.Text.Json;
using Reference.Hosting;
using IOPath = System.IO.Path;

namespace Reference.Publish.Tests;

public class ServingAndPoolTests
{
    [Fact]
    public void Serving_runs_next_to_the_online_store_it_reads_and_takes_its_users_from_the_use_case()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var placements = Placements(sample);

        // Data gravity: every serving cluster also runs the feature store, whose online store serving reads.
        var featureClusters = Clusters(placements["feature-store"]);
        var servingClusters = Clusters(placements["serving"]);
        Assert.NotEmpty(servingClusters);
        Assert.All(servingClusters, c => Assert.Contains(c, featureClusters));
        Assert.Equal(2, placements["serving"].GetProperty("assignments").EnumerateArray().Sum(a => a.GetProperty("replicas").GetInt32()));

        // No AppHost placement: users and SLO come from usecase.yaml's serving section, lineage from its feature views.
        Assert.Contains("eu", placements["serving"].GetProperty("residency").EnumerateArray().Select(r => r.GetString()));
        var servingRejections = placements["serving"].GetProperty("rejections").EnumerateArray().ToList();
        Assert.Contains(servingRejections, r => r.GetProperty("constraint").GetString() == "eu-residency-in-eu");
    }

    [Fact]
    public void The_use_cases_serving_users_bind_serving_when_the_apphost_does_not_say_otherwise()
    {
        using var sample = new SamplePlatform();
        // Users in us-east with 20 ms cannot be served from the EU, where the fraud model's lineage keeps it.
        sample.WriteUseCase("Fraud", SamplePlatform.FraudUseCase.Replace("userRegions: [eu-west]", "userRegions: [us-east]", StringComparison.Ordinal));

        var error = Assert.Throws<DistributedApplicationException>(() => sample.Publish());
        Assert.Contains("serving", error.Message);
        Assert.Contains("eu-residency-in-eu", error.Message);
    }

    [Fact]
    public void One_shot_resources_are_left_out_of_cluster_output_with_a_note()
    {
        using var sample = new SamplePlatform();
        var files = sample.Publish();

        Assert.DoesNotContain(files, f => f.Contains("/platform/", StringComparison.Ordinal));
        Assert.DoesNotContain("platform", Placements(sample).Keys);
        Assert.Contains("- `platform`", sample.Read("kubernetes/ONE-SHOTS.md"));
        Assert.Contains(sample.Log, l => l.Contains("one-shot", StringComparison.Ordinal) && l.Contains("platform", StringComparison.Ordinal));
    }

    [Fact]
    public void The_burst_pool_worker_never_lands_on_prem()
    {
        using var sample = new SamplePlatform();
        sample.Builder.AddProject<Projects.Reference_SampleService>("training-worker-burst");
        sample.Publish();

        var burst = Placements(sample)["training-worker-burst"];
        Assert.All(Clusters(burst), c => Assert.False(c.StartsWith("onprem", StringComparison.Ordinal), $"burst worker placed on {c}"));
        Assert.Contains(burst.GetProperty("rejections").EnumerateArray(),
            r => r.GetProperty("cluster").GetString() == "onprem-eu" && r.GetProperty("constraint").GetString() == "burst-pools-run-in-the-cloud");
        Assert.DoesNotContain("../../base/training-worker-burst\n", File.ReadAllText(IOPath.Combine(sample.Output, "kubernetes", "overlays", "onprem-eu", "kustomization.yaml")), StringComparison.Ordinal);
    }

    private static Dictionary<string, JsonElement> Placements(SamplePlatform sample) =>
        JsonDocument.Parse(sample.Read("placement.json")).RootElement.GetProperty("workloads").EnumerateArray()
            .ToDictionary(w => w.GetProperty("workload").GetString()!, w => w.Clone());

    private static List<string> Clusters(JsonElement placement) =>
        placement.GetProperty("assignments").EnumerateArray().Select(a => a.GetProperty("cluster").GetString()!).ToList();
}
