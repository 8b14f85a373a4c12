using Reference.Placement.Costs;
using Reference.Placement.Solver;
using Reference.Placement.Topologies;

namespace Reference.Placement.Tests;

/// <summary>
/// 50 workloads × 30 clusters under contention, proved optimal and checked against an independent exact method: the
/// instance is ten independent 5 × 3 groups (each with capacity that changes its optimum, calls, datasets, patterns
/// and residency or classification rules), so its optimum is the sum of ten brute-force optima.
/// </summary>
public class ContentionAtScaleTests
{
    private const int Groups = 10;

    [Fact]
    public void Fifty_workloads_on_thirty_contended_clusters_are_placed_at_the_brute_force_optimum()
    {
        var (whole, groups, optimum) = ContendedInstance();
        Assert.Equal(50, whole.Workloads.Count);
        Assert.Equal(30, whole.Catalogue.Clusters.Count);

        var plan = PlacementEngine.Solve(whole);

        Assert.True(plan.ProvedOptimal);
        Assert.Equal(MicroDollars.ToDollars(optimum), plan.Cost.Total);
        Assert.Equal(plan.Cost.Total, plan.LowerBound);
        // Each group's workloads stay on its clusters, and each group costs exactly its own optimum.
        for (var g = 0; g < groups.Count; g++)
        {
            var prefix = $"g{g:00}-";
            var mine = plan.Workloads.Where(w => w.Workload.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.Equal(5, mine.Count);
            Assert.All(mine.SelectMany(w => w.Assignments), a => Assert.StartsWith(prefix, a.Cluster, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_composed_instance_is_contended_coupled_and_governed()
    {
        var (whole, groups, _) = ContendedInstance();
        var model = PlacementModel.Build(whole);

        Assert.All(groups, group =>
        {
            var groupModel = PlacementModel.Build(group);
            var (best, _) = OptimalityTests.BruteForce(groupModel);
            var (unconstrained, _) = OptimalityTests.BruteForce(groupModel, ignoreCapacity: true);
            Assert.False(best!.SequenceEqual(unconstrained!), "capacity does not change this group's optimum");
        });
        Assert.True(model.Edges.Length >= 10, $"only {model.Edges.Length} call edges");
        Assert.True(whole.Workloads.Count(w => w.Pattern is not Patterns.CloudPerWorkload) >= 10);
        Assert.Contains(whole.Workloads, w => w.Lineage.Count > 0 || w.UserRegions.Count > 0);
        Assert.Contains(whole.Datasets, d => d.Residency is not null || d.Classification > Datasets.DataClassification.Internal);
    }

    /// <summary>The first ten seeds whose 5 × 3 instance is feasible and whose optimum capacity changes.</summary>
    private static (PlacementProblem Whole, IReadOnlyList<PlacementProblem> Groups, long Optimum) ContendedInstance()
    {
        var chosen = new List<RandomTopologyOptions>();
        for (var seed = 1; chosen.Count < Groups; seed++)
        {
            var options = new RandomTopologyOptions { Workloads = 5, Clusters = 3, Seed = seed, PatternShare = 0.4, CallsPerWorkload = 1.5, SloShare = 0.3, CapacityTightness = 1.4 };
            var model = PlacementModel.Build(RandomTopology.Generate(options));
            var (best, _) = OptimalityTests.BruteForce(model);
            var (unconstrained, _) = OptimalityTests.BruteForce(model, ignoreCapacity: true);
            if (best is not null && !best.SequenceEqual(unconstrained!))
            {
                chosen.Add(options);
            }
        }

        var (whole, groups) = SeparableTopology.Compose(chosen);
        var optimum = groups.Sum(g => OptimalityTests.BruteForce(PlacementModel.Build(g)).Cost);
        return (whole, groups, optimum);
    }
}
