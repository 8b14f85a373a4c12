using Reference.Placement.Costs;
using Reference.Placement.Plans;
using Reference.Placement.Solver;
using Reference.Placement.Topologies;

namespace Reference.Placement.Tests;

/// <summary>
/// Branch and bound against exhaustive enumeration on medium instances (6 workloads × 5 clusters) whose cheap
/// clusters are contended, so the workloads compete for them rather than each taking its own cheapest arrangement.
/// The enumeration walks every combination that fits capacity (checked on its own, from the clusters' figures) and
/// prices each complete plan through the plan's cost lines.
/// </summary>
public class MediumContentionTests
{
    private const int Instances = 20;

    private static RandomTopologyOptions Medium(int seed) => new()
    {
        Workloads = 6,
        Clusters = 5,
        Seed = 1000 + seed,
        PatternShare = 0.3,
        CallsPerWorkload = 2,
        SloShare = 0.3,
        CapacityTightness = 1.6,
    };

    public static TheoryData<int> Seeds() => SeedRange.Of(Instances);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Branch_and_bound_matches_enumeration_under_contention(int seed)
    {
        var problem = RandomTopology.Generate(Medium(seed));
        var (best, cost, _) = Enumerate(PlacementModel.Build(problem));

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
    public void Capacity_changes_the_optimum_of_most_feasible_medium_instances()
    {
        int feasible = 0, contended = 0;
        for (var seed = 1; seed <= Instances; seed++)
        {
            var problem = RandomTopology.Generate(Medium(seed));
            var (best, cost, _) = Enumerate(PlacementModel.Build(problem));
            if (best is null)
            {
                continue;
            }

            // The same instance with room everywhere: if its optimum is cheaper, capacity decided something.
            var roomy = new PlacementProblem
            {
                Catalogue = new Clusters.ClusterCatalogue(
                    problem.Catalogue.Clusters.Select(c => c with { Capacity = c.Capacity with { Cpu = c.Capacity.Cpu * 1000, MemoryGb = c.Capacity.MemoryGb * 1000, Gpus = c.Capacity.Gpus.ToDictionary(g => g.Key, g => g.Value * 1000) } }),
                    problem.Catalogue.Latency, problem.Catalogue.PricesReadOn),
                Workloads = problem.Workloads,
                Datasets = problem.Datasets,
                Policies = problem.Policies,
            };
            feasible++;
            contended += PlacementEngine.Solve(roomy).Cost.Total < MicroDollars.ToDollars(cost) ? 1 : 0;
        }

        Assert.True(feasible >= Instances / 2, $"only {feasible} feasible instances");
        Assert.True(contended * 2 >= feasible, $"capacity changed the optimum of only {contended} of {feasible} feasible instances");
    }

    /// <summary>Depth-first over every arrangement per workload, cutting only combinations that overfill a cluster.</summary>
    private static (int[]? Best, long Cost, long Leaves) Enumerate(PlacementModel model, bool ignoreCapacity = false)
    {
        var builder = new PlanBuilder(model);
        var n = model.Workloads.Length;
        var capacity = new Dictionary<(int, int), double>();
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            var cluster = model.Clusters[c];
            capacity[(c, 0)] = cluster.Capacity.Cpu;
            capacity[(c, 1)] = cluster.Capacity.MemoryGb;
            for (var g = 0; g < model.GpuTypes.Count; g++)
            {
                capacity[(c, 2 + g)] = cluster.Capacity.GpusOf(model.GpuTypes[g]);
            }
        }

        var current = new int[n];
        int[]? best = null;
        var bestCost = long.MaxValue;
        long leaves = 0;

        void Visit(int w)
        {
            if (w == n)
            {
                leaves++;
                var cost = Enumerable.Range(0, n).SelectMany(v => builder.Charges(current, v)).Sum(c => c.Micro);
                if (cost < bestCost)
                {
                    bestCost = cost;
                    best = (int[])current.Clone();
                }

                return;
            }

            var candidates = model.Workloads[w].Candidates;
            for (var o = 0; o < candidates.Length; o++)
            {
                var demands = candidates[o].Demands;
                if (!ignoreCapacity && demands.Any(d => capacity[(d.Cluster, d.Dimension)] + 1e-9 < d.Amount))
                {
                    continue;
                }

                foreach (var d in demands)
                {
                    capacity[(d.Cluster, d.Dimension)] -= d.Amount;
                }

                current[w] = o;
                Visit(w + 1);
                foreach (var d in demands)
                {
                    capacity[(d.Cluster, d.Dimension)] += d.Amount;
                }
            }
        }

        Visit(0);
        return (best, bestCost, leaves);
    }
}
