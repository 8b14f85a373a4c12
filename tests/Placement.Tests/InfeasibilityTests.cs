using Reference.Placement.Datasets;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;

namespace Reference.Placement.Tests;

public class InfeasibilityTests
{
    [Fact]
    public void Restricted_data_with_us_residency_and_no_us_data_centre_lists_both_rules()
    {
        var model = SampleTopology.Service("us-claims") with
        {
            Lineage = [new LineageEntry("us_patients", DataClassification.Restricted, "us")],
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(SampleTopology.With(model)));

        Assert.Equal([ConstraintNames.DataResidency, "restricted-stays-on-prem"], error.ConflictingRules);
        var conflict = Assert.Single(error.Conflicts);
        Assert.Equal(["us-claims"], conflict.Workloads);
        // Every cluster is accounted for by at least one of the two.
        Assert.Equal(6, conflict.Rejections.Select(r => r.Cluster).Distinct().Count());
    }

    [Fact]
    public void The_conflict_set_is_irreducible()
    {
        // Residency eu rules out the US clusters, restricted rules out every cloud: onprem-eu is left,
        // and it has no h100. The GPU type alone also rules out aws-eu-west-1 but adds nothing needed.
        var model = SampleTopology.Service("eu-claims") with
        {
            PerReplica = new ResourceRequest(1, 1, new GpuRequest(1, "h100")),
            Lineage = [new LineageEntry("eu_patients", DataClassification.Restricted, "eu")],
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(SampleTopology.With(model)));

        Assert.Equal([ConstraintNames.GpuType, "restricted-stays-on-prem"], error.ConflictingRules);
    }

    [Fact]
    public void Workloads_that_fit_alone_but_not_together_report_capacity_and_the_confining_rule()
    {
        var restricted = (string name) => SampleTopology.Service(name, cpu: 100, memoryGb: 100) with
        {
            Replicas = 3,
            Classification = DataClassification.Restricted,
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() =>
            PlacementEngine.Solve(SampleTopology.With(restricted("ledger-a"), restricted("ledger-b"), SampleTopology.Service("small"))));

        var conflict = Assert.Single(error.Conflicts);
        Assert.Equal(["ledger-a", "ledger-b"], conflict.Workloads);
        Assert.Equal([ConstraintNames.Capacity, "restricted-stays-on-prem"], conflict.Rules);
        Assert.Contains(conflict.Rejections, r => r.Cluster == "onprem-eu" && r.Constraint == ConstraintNames.Capacity && r.Detail.Contains("ledger-a, ledger-b", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unmeetable_latency_slo_is_named_as_the_conflict()
    {
        var global = SampleTopology.Service("global") with { UserRegions = ["eu-west", "us-east"], LatencySloMs = 30 };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(SampleTopology.With(global)));

        Assert.Equal([ConstraintNames.LatencySlo], error.ConflictingRules);
    }

    [Fact]
    public void Malformed_input_is_reported_as_input_errors_all_at_once()
    {
        var bad = SampleTopology.Service("Bad--name") with
        {
            Replicas = 0,
            Calls = [new ServiceCall("nobody", 1)],
            Pattern = new Patterns.ActivePassive { Primary = "nowhere" },
        };

        var error = Assert.Throws<PlacementInputException>(() => PlacementEngine.Solve(SampleTopology.With(bad)));

        Assert.Equal(4, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("'nobody', which is not a workload", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("primary 'nowhere' is not in the catalogue", StringComparison.Ordinal));
    }
}
