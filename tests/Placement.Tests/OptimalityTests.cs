using Reference.Placement.Costs;
using Reference.Placement.Plans;
using Reference.Placement.Solver;
using Reference.Placement.Topologies;

namespace Reference.Placement.Tests;

/// <summary>
/// The branch and bound search against exhaustive enumeration on small seeded instances: same
/// feasibility verdict and the same minimum cost, to the micro-dollar.
/// </summary>
public class OptimalityTests
{
    private const int Instances = 400;

    private static RandomTopologyOptions Small(int seed) => new()
    {
        Workloads = 5,
        Clusters = 4,
        Seed = seed,
        PatternShare = 0.4,
        CallsPerWorkload = 1.5,
        SloShare = 0.3,
        // Tight enough that shared capacity often decides, and sometimes makes the instance infeasible.
        CapacityTightness = 1.4,
    };

    public static TheoryData<int> Seeds() => SeedRange.Of(Instances);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Branch_and_bound_matches_brute_force(int seed)
    {
        var problem = RandomTopology.Generate(Small(seed));

        var (best, cost) = BruteForce(PlacementModel.Build(problem));

        if (best is null)
        {
            Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(problem));
            return;
        }

        var plan = PlacementEngine.Solve(problem);
        Assert.True(plan.ProvedOptimal);
        Assert.Equal(MicroDollars.ToDollars(cost), plan.Cost.Total);
    }

    [Fact]
    public void The_random_instances_exercise_capacity_patterns_calls_and_infeasibility()
    {
        int infeasible = 0, capacityBinds = 0, multiCluster = 0, withCalls = 0;
        foreach (var seed in Enumerable.Range(1, Instances))
        {
            var problem = RandomTopology.Generate(Small(seed));
            var model = PlacementModel.Build(problem);
            var (best, _) = BruteForce(model);
            var (unconstrained, _) = BruteForce(model, ignoreCapacity: true);
            infeasible += best is null ? 1 : 0;
            capacityBinds += best is not null && !best.SequenceEqual(unconstrained!) ? 1 : 0;
            multiCluster += problem.Workloads.Any(w => w.Pattern is not Patterns.CloudPerWorkload) ? 1 : 0;
            withCalls += model.Edges.Length > 0 ? 1 : 0;
        }

        // Without these the optimality theory above would prove little.
        Assert.True(Instances - infeasible >= 200, $"only {Instances - infeasible} feasible instances");
        Assert.True(infeasible >= 10, $"only {infeasible} infeasible instances");
        Assert.True(capacityBinds >= 20, $"capacity changed the optimum in only {capacityBinds} instances");
        Assert.True(multiCluster >= 200, $"only {multiCluster} instances with multi-cluster patterns");
        Assert.True(withCalls >= 200, $"only {withCalls} instances with calls");
    }

    [Fact]
    public void A_search_cut_short_by_its_budget_says_so_and_bounds_the_optimum()
    {
        var problem = RandomTopology.Generate(new RandomTopologyOptions { Workloads = 20, Clusters = 10, Seed = 6, PatternShare = 0.3 });

        var cut = PlacementEngine.Solve(problem, new PlacementOptions { MaxSearchWork = 10 });
        var full = PlacementEngine.Solve(problem);

        Assert.False(cut.ProvedOptimal);
        Assert.True(full.ProvedOptimal);
        Assert.Equal(full.Cost.Total, full.LowerBound);
        Assert.InRange(full.Cost.Total, cut.LowerBound, cut.Cost.Total);
        Assert.Contains("no plan costs less than", Plans.PlacementMarkdown.Render(cut), StringComparison.Ordinal);
    }

    /// <summary>Every combination of arrangements, costed line by line through the plan's own cost lines.</summary>
    internal static (int[]? Best, long Cost) BruteForce(PlacementModel model, bool ignoreCapacity = false)
    {
        var builder = new PlanBuilder(model);
        var n = model.Workloads.Length;
        var current = new int[n];
        int[]? best = null;
        var bestCost = long.MaxValue;
        if (model.Workloads.Any(w => w.Candidates.Length == 0))
        {
            return (null, 0);
        }

        while (true)
        {
            if (ignoreCapacity || FitsCapacity(model, current))
            {
                var cost = Enumerable.Range(0, n).SelectMany(w => builder.Charges(current, w)).Sum(c => c.Micro);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = (int[])current.Clone();
                }
            }

            var i = 0;
            while (i < n && ++current[i] == model.Workloads[i].Candidates.Length)
            {
                current[i++] = 0;
            }

            if (i == n)
            {
                return (best, bestCost);
            }
        }
    }

    private static bool FitsCapacity(PlacementModel model, int[] assignment)
    {
        var used = new Dictionary<(int, int), double>();
        for (var w = 0; w < assignment.Length; w++)
        {
            foreach (var (cluster, dimension, amount) in model.Workloads[w].Candidates[assignment[w]].Demands)
            {
                used[(cluster, dimension)] = used.GetValueOrDefault((cluster, dimension)) + amount;
            }
        }

        foreach (var ((cluster, dimension), amount) in used)
        {
            var c = model.Clusters[cluster];
            var capacity = dimension switch { 0 => c.Capacity.Cpu, 1 => c.Capacity.MemoryGb, _ => c.Capacity.GpusOf(model.GpuTypes[dimension - 2]) };
            if (amount > capacity + 1e-9)
            {
                return false;
            }
        }

        return true;
    }
}
