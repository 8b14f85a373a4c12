using System.Diagnostics;
using Reference.Placement;
using Reference.Placement.Topologies;

namespace Reference.Bench.Scenarios;

/// <summary>
/// Solve time for 50 workloads × 30 clusters on generated topologies, and the plan's monthly cost against the
/// compute-only greedy placement (the cheapest compute first, ignoring data gravity) on the same input.
/// </summary>
public sealed class PlacementScenario : IBenchScenario
{
    public string Name => "placement";

    public string Description => "exact placement of 50 workloads × 30 clusters vs compute-only greedy: solve time and monthly cost";

    public Task<IReadOnlyList<BenchResult>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var seeds = context.Quick ? 1 : 3;
        var results = new List<BenchResult>();
        foreach (var tightness in new[] { 0.02, 0.1 })
        {
            var solve = new List<double>();
            var greedySolve = new List<double>();
            var costRatio = new List<double>();
            var egressAvoided = new List<double>();
            var proved = 0;
            for (var seed = 1; seed <= seeds; seed++)
            {
                var problem = RandomTopology.Generate(new RandomTopologyOptions { Workloads = 50, Clusters = 30, Seed = seed, CapacityTightness = tightness });
                var clock = Stopwatch.StartNew();
                var plan = PlacementEngine.Solve(problem, new PlacementOptions { CompareWithGreedy = false });
                solve.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                var greedy = TrySolveGreedy(problem);
                greedySolve.Add(clock.Elapsed.TotalSeconds);
                proved += plan.ProvedOptimal ? 1 : 0;
                if (greedy is not null)
                {
                    costRatio.Add((double)(plan.Cost.Total / greedy.Cost.Total));
                    egressAvoided.Add((double)(greedy.Cost.Egress - plan.Cost.Egress));
                }

                context.Progress($"tightness {tightness}, seed {seed}: {solve[^1]:0.00} s, proved optimal: {plan.ProvedOptimal}, ${plan.Cost.Total:0}/month vs greedy {(greedy is null ? "infeasible" : $"${greedy.Cost.Total:0}")}");
            }

            results.Add(new BenchResult($"solve 50×30 (tightness {tightness}, median)", "s", Statistics.Median(solve), Statistics.Median(greedySolve), "branch and bound", "compute-only greedy")
            {
                Details = new Dictionary<string, double> { ["provedOptimal"] = proved, ["instances"] = seeds },
            });
            if (costRatio.Count > 0)
            {
                results.Add(new BenchResult($"monthly cost 50×30 (tightness {tightness}, median)", "ratio", Statistics.Median(costRatio), 1, "plan cost / greedy cost", "greedy")
                {
                    Details = new Dictionary<string, double> { ["egressAvoidedPerMonthMedian"] = Statistics.Median(egressAvoided), ["greedyFeasible"] = costRatio.Count },
                });
            }
        }

        return Task.FromResult<IReadOnlyList<BenchResult>>(results);
    }

    private static Reference.Placement.Plans.PlacementPlan? TrySolveGreedy(PlacementProblem problem)
    {
        try
        {
            return PlacementEngine.Solve(problem, new PlacementOptions { Strategy = PlacementStrategy.ComputeOnlyGreedy, CompareWithGreedy = false });
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlacementInfeasibleException)
        {
            return null;
        }
    }
}
