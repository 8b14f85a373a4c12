using Reference.Placement.Clusters;
using Reference.Placement.Plans;

namespace Reference.Placement.Tests;

public class PatternTests
{
    private static readonly PlacementPlan Plan = PlacementEngine.Solve(SampleTopology.Problem());
    private static readonly ClusterCatalogue Catalogue = SampleTopology.Catalogue();

    private static Cluster Cluster(string name) => Catalogue.Find(name)!;

    [Fact]
    public void Sample_topology_is_solved_to_proved_optimality()
    {
        Assert.True(Plan.ProvedOptimal);
        Assert.Equal(["feature-online", "fraud-scorer", "fraud-train", "model-registry", "recommender"], Plan.Workloads.Select(w => w.Workload));
        Assert.Equal(Plan.Cost.Total, Plan.Workloads.Sum(w => w.Cost.Total));
        Assert.Equal(Plan.Cost.Total, Plan.Clusters.Sum(c => c.Total));
    }

    [Fact]
    public void Cloud_per_workload_goes_to_its_data_rather_than_the_cheapest_compute()
    {
        var recommender = Plan.Workload("recommender");

        var only = Assert.Single(recommender.Assignments);
        Assert.Equal("azure-eastus", only.Cluster);
        Assert.Equal(1.0, only.Weight);
        Assert.Equal(0, recommender.Cost.DatasetEgress);
        // aws-us-east-1 has the cheaper vCPU, but reading the clickstream from Azure would cost more.
        Assert.True(Cluster("aws-us-east-1").Prices.CpuHour < Cluster("azure-eastus").Prices.CpuHour);
        var aws = Assert.Single(recommender.Rejections, r => r.Cluster == "aws-us-east-1");
        Assert.Equal(ConstraintNames.Cost, aws.Constraint);
        // Latency: EU clusters are 75+ ms from us-east users; the SLO is 50 ms.
        Assert.Contains(recommender.Rejections, r => r.Cluster == "aws-eu-west-1" && r.Constraint == ConstraintNames.LatencySlo && r.Detail.Contains("us-east", StringComparison.Ordinal));
    }

    [Fact]
    public void Active_active_picks_two_clusters_of_different_providers_within_the_slo_and_splits_traffic()
    {
        var scorer = Plan.Workload("fraud-scorer");

        Assert.Equal(2, scorer.Assignments.Count);
        Assert.All(scorer.Assignments, a => Assert.Equal(AssignmentRole.Active, a.Role));
        var clusters = scorer.Assignments.Select(a => Cluster(a.Cluster)).ToList();
        Assert.NotEqual(clusters[0].Provider, clusters[1].Provider);
        Assert.All(clusters, c => Assert.Equal("eu", c.Jurisdiction));
        Assert.Equal(1.0, scorer.Assignments.Sum(a => a.Weight), 9);
        Assert.All(scorer.Assignments, a => Assert.Equal(2, a.Replicas));
        // Four replicas across two clusters at equal weight: two each, both paid for.
        Assert.Equal(2, scorer.Cost.Lines.Count(l => l.Cause == CostCause.Compute));
    }

    [Fact]
    public void Active_active_with_fixed_clusters_and_weights_uses_them_in_order()
    {
        var scorer = SampleTopology.Service("scorer") with
        {
            Replicas = 10,
            Pattern = new Patterns.ActiveActive { Clusters = ["aws-eu-west-1", "azure-westeurope"], Weights = [7, 3] },
        };

        var plan = PlacementEngine.Solve(SampleTopology.With(scorer));

        var assignments = plan.Workload("scorer").Assignments;
        Assert.Equal([("aws-eu-west-1", 0.7, 7), ("azure-westeurope", 0.3, 3)], assignments.Select(a => (a.Cluster, Math.Round(a.Weight, 9), a.Replicas)));
        Assert.All(plan.Workload("scorer").Rejections.Where(r => r.Cluster != "aws-eu-west-1" && r.Cluster != "azure-westeurope"),
            r => Assert.Equal(ConstraintNames.Pattern, r.Constraint));
    }

    [Fact]
    public void Active_active_gives_the_larger_share_to_the_cheaper_cluster_when_weights_are_unequal()
    {
        var scorer = SampleTopology.Service("scorer", cpu: 4, memoryGb: 8) with
        {
            Replicas = 10,
            Pattern = new Patterns.ActiveActive { Count = 2, Weights = [80, 20], Separation = Patterns.Separation.Provider },
            Residency = "us",
        };

        var plan = PlacementEngine.Solve(SampleTopology.With(scorer));

        var assignments = plan.Workload("scorer").Assignments.OrderByDescending(a => a.Weight).ToList();
        Assert.Equal(["aws-us-east-1", "azure-eastus"], assignments.Select(a => a.Cluster));
        Assert.Equal([8, 2], assignments.Select(a => a.Replicas));
    }

    [Fact]
    public void Active_passive_puts_the_standby_on_another_provider_and_costs_its_replicas()
    {
        var registry = Plan.Workload("model-registry");

        var primary = Assert.Single(registry.Assignments, a => a.Role == AssignmentRole.Primary);
        var standby = Assert.Single(registry.Assignments, a => a.Role == AssignmentRole.Standby);
        Assert.NotEqual(Cluster(primary.Cluster).Provider, Cluster(standby.Cluster).Provider);
        Assert.Equal((1.0, 2), (primary.Weight, primary.Replicas));
        Assert.Equal((0.0, 1), (standby.Weight, standby.Replicas));
        var standbyCompute = Assert.Single(registry.Cost.Lines, l => l.Cause == CostCause.Compute && l.Subject == "standby");
        Assert.Equal(standby.Cluster, standbyCompute.Cluster);
        Assert.True(standbyCompute.Cost > 0);
        // The cheapest compute overall is on-prem; the standby goes to the cheapest other provider.
        Assert.Equal("onprem-eu", primary.Cluster);
    }

    [Fact]
    public void Hybrid_burst_runs_on_prem_and_orders_burst_targets_by_cost()
    {
        var train = Plan.Workload("fraud-train");

        var baseCluster = Assert.Single(train.Assignments, a => a.Role == AssignmentRole.Base);
        Assert.Equal("onprem-eu", baseCluster.Cluster);
        var bursts = train.Assignments.Where(a => a.Role == AssignmentRole.Burst).ToList();
        Assert.Equal([1, 2], bursts.Select(b => b.BurstRank!.Value));
        // EU (residency), has a100 (GPU type), not GCP (confidential rule); Azure's a100 hour is cheaper than AWS's.
        Assert.Equal(["azure-westeurope", "aws-eu-west-1"], bursts.Select(b => b.Cluster));
        Assert.True(Cluster("azure-westeurope").Prices.GpuHour["a100"] < Cluster("aws-eu-west-1").Prices.GpuHour["a100"]);
        // Only the first target is costed for the expected burst hours.
        Assert.Single(train.Cost.Lines, l => l.Cause == CostCause.Compute && l.Subject == "burst" && l.Cluster == "azure-westeurope");
        Assert.Contains(train.Rejections, r => r.Cluster == "gcp-europe-west4" && r.Constraint == "no-gcp-for-confidential");
    }

    [Fact]
    public void Hybrid_burst_with_no_eligible_cloud_is_a_conflict_naming_the_rules()
    {
        var restricted = SampleTopology.Service("secret-train") with
        {
            Pattern = new Patterns.HybridBurst(),
            Classification = Datasets.DataClassification.Restricted,
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(SampleTopology.With(restricted)));

        Assert.Contains("restricted-stays-on-prem", error.ConflictingRules);
        Assert.Contains(ConstraintNames.Pattern, error.ConflictingRules);
    }
}
