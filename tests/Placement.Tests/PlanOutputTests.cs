using Reference.Placement.Plans;
using Reference.Placement.Topologies;

namespace Reference.Placement.Tests;

/// <summary>The plan as the publisher and people see it: stable bytes, JSON that round-trips, Markdown with the tables.</summary>
public class PlanOutputTests
{
    [Fact]
    public void The_same_input_gives_byte_identical_json_and_markdown_whatever_the_input_order()
    {
        var problem = SampleTopology.Problem();
        var shuffled = problem with
        {
            Workloads = problem.Workloads.Reverse().ToList(),
            Datasets = problem.Datasets.Reverse().ToList(),
        };

        var first = PlacementEngine.Solve(problem);
        var second = PlacementEngine.Solve(problem);
        var reordered = PlacementEngine.Solve(shuffled);

        Assert.Equal(PlacementPlanJson.Serialize(first), PlacementPlanJson.Serialize(second));
        Assert.Equal(PlacementPlanJson.Serialize(first), PlacementPlanJson.Serialize(reordered));
        Assert.Equal(PlacementMarkdown.Render(first), PlacementMarkdown.Render(reordered));
    }

    [Fact]
    public void Random_topologies_are_reproducible_from_their_seed()
    {
        var options = new RandomTopologyOptions { Workloads = 12, Clusters = 8, Seed = 7 };

        Assert.Equal(Outcome(options), Outcome(options));
        Assert.NotEqual(Outcome(options), Outcome(options with { Seed = 8 }));
    }

    private static string Outcome(RandomTopologyOptions options)
    {
        try
        {
            return PlacementPlanJson.Serialize(PlacementEngine.Solve(RandomTopology.Generate(options)));
        }
        catch (PlacementInfeasibleException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void Json_uses_camel_case_and_spec_names_and_round_trips()
    {
        var plan = PlacementEngine.Solve(SampleTopology.Problem());

        var json = PlacementPlanJson.Serialize(plan);
        var back = PlacementPlanJson.Deserialize(json);

        Assert.Contains("\"strategy\": \"optimal\"", json, StringComparison.Ordinal);
        Assert.Contains("\"role\": \"burst\"", json, StringComparison.Ordinal);
        Assert.Contains("\"provider\": \"onprem\"", json, StringComparison.Ordinal);
        Assert.Contains("\"classification\": \"confidential\"", json, StringComparison.Ordinal);
        Assert.Contains("\"cause\": \"dataset-read\"", json, StringComparison.Ordinal);
        Assert.Contains("\"pricesReadOn\": \"2025-06-01\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
        Assert.Equal(json, PlacementPlanJson.Serialize(back));
    }

    [Fact]
    public void Egress_avoided_is_measured_against_the_compute_only_greedy_plan()
    {
        var problem = SampleTopology.Problem();

        var plan = PlacementEngine.Solve(problem);
        var greedy = PlacementEngine.Solve(problem, new PlacementOptions { Strategy = PlacementStrategy.ComputeOnlyGreedy });

        var comparison = plan.ComparedWithGreedy!;
        Assert.True(comparison.Feasible);
        Assert.Equal(greedy.Cost.Total, comparison.GreedyTotal);
        Assert.Equal(greedy.Cost.Egress - plan.Cost.Egress, comparison.EgressAvoided);
        Assert.True(comparison.EgressAvoided > 0);
        Assert.True(comparison.CostSaved > 0);
        // Greedy sends the recommender to the cheaper vCPU and pays to read the clickstream across clouds.
        Assert.Equal("aws-us-east-1", Assert.Single(greedy.Workload("recommender").Assignments).Cluster);
        Assert.Contains(greedy.Workload("recommender").Cost.Lines, l => l.Cause == CostCause.DatasetRead && l.Subject == "clickstream");
        Assert.Equal(PlacementStrategyNames.ComputeOnlyGreedy, greedy.Strategy);
        Assert.False(greedy.ProvedOptimal);
    }

    [Fact]
    public void Cost_tables_add_up_per_cluster_per_workload_and_per_cause()
    {
        var plan = PlacementEngine.Solve(RandomTopology.Generate(new RandomTopologyOptions { Workloads = 15, Clusters = 8, Seed = 3 }));

        Assert.Equal(plan.Cost.Total, plan.Clusters.Sum(c => c.Total));
        Assert.Equal(plan.Cost.Total, plan.Workloads.Sum(w => w.Cost.Total));
        Assert.Equal(plan.Cost.Egress, plan.Cost.DatasetEgress + plan.Cost.CallEgress + plan.Cost.InternetEgress);
        Assert.All(plan.Workloads, w => Assert.Equal(w.Cost.Total, w.Cost.Lines.Sum(l => l.Cost)));
        Assert.All(plan.Workloads, w => Assert.Equal(w.Cost.Egress, w.Cost.DatasetEgress + w.Cost.CallEgress + w.Cost.InternetEgress));
    }

    [Fact]
    public void Every_cluster_not_chosen_has_a_reason()
    {
        var problem = SampleTopology.Problem();
        var plan = PlacementEngine.Solve(problem);

        foreach (var workload in plan.Workloads)
        {
            var accounted = workload.Assignments.Select(a => a.Cluster).Concat(workload.Rejections.Select(r => r.Cluster)).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(problem.Catalogue.Clusters.Select(c => c.Name), accounted);
        }
    }

    [Fact]
    public void Markdown_shows_the_plan_cost_tables_egress_avoided_and_explanations()
    {
        var plan = PlacementEngine.Solve(SampleTopology.Problem());

        var md = PlacementMarkdown.Render(plan);

        Assert.StartsWith("# Placement plan\n", md, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Plan", "## Monthly cost by cluster", "## Monthly cost by workload", "## Egress avoided", "## Explanations", "### fraud-scorer" })
        {
            Assert.Contains($"\n{heading}\n", md, StringComparison.Ordinal);
        }

        Assert.Contains("| fraud-train | hybrid-burst | azure-westeurope | burst #1 |", md, StringComparison.Ordinal);
        Assert.Contains("**data-residency**: residency eu (from feature views card_txn_stats, merchant_risk)", md, StringComparison.Ordinal);
        Assert.Contains($"**${plan.ComparedWithGreedy!.EgressAvoided!.Value:#,##0.00}**", md, StringComparison.Ordinal);
        Assert.Contains("List prices as read on 2025-06-01.", md, StringComparison.Ordinal);
    }
}
