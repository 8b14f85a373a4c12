using Reference.Placement.Clusters;
using Reference.Placement.Policies;

namespace Reference.Placement.Topologies;

/// <summary>
/// A large problem made of independent small ones: each group is a generated instance (its own clusters, workloads,
/// datasets, calls, residency and rules) renamed with a group prefix, plus a rule that keeps the group's workloads on
/// the group's clusters. No read, call or capacity crosses groups, so the optimum of the whole is exactly the sum of
/// the groups' optima, each of which brute force can find: a large instance whose optimum is known independently
/// of the engine, for tests and benchmarks. Groups are prefixed g00-, g01-, … in the order given.
/// </summary>
public static class SeparableTopology
{
    public static (PlacementProblem Whole, IReadOnlyList<PlacementProblem> Groups) Compose(IEnumerable<RandomTopologyOptions> groups)
    {
        var renamed = groups.Select((options, g) => Renamed(RandomTopology.Generate(options), $"g{g:00}")).ToList();
        var whole = new PlacementProblem
        {
            Catalogue = new ClusterCatalogue(renamed.SelectMany(p => p.Catalogue.Clusters), renamed[0].Catalogue.Latency, renamed[0].Catalogue.PricesReadOn),
            Workloads = renamed.SelectMany(p => p.Workloads).ToList(),
            Datasets = renamed.SelectMany(p => p.Datasets).ToList(),
            Policies = new PolicySet(renamed.SelectMany(p => p.Policies.Rules).DistinctBy(r => r.Name)),
        };
        return (whole, renamed);
    }

    private static PlacementProblem Renamed(PlacementProblem problem, string group)
    {
        string Name(string name) => $"{group}-{name}";
        var clusters = problem.Catalogue.Clusters.Select(c => c with { Name = Name(c.Name), Registry = Name(c.Registry) }).ToList();
        var confine = new PolicyRule
        {
            Name = $"{group}-stays-in-its-clusters",
            When = new RuleCondition { Workloads = [$"{group}-*"] },
            Require = new ClusterSelector { Clusters = clusters.Select(c => c.Name).ToList() },
        };
        return new PlacementProblem
        {
            Catalogue = new ClusterCatalogue(clusters, problem.Catalogue.Latency, problem.Catalogue.PricesReadOn),
            Workloads = problem.Workloads.Select(w => w with
            {
                Name = Name(w.Name),
                Calls = w.Calls.Select(c => c with { Target = Name(c.Target) }).ToList(),
                Lineage = w.Lineage.Select(l => l with { FeatureView = Name(l.FeatureView) }).ToList(),
            }).ToList(),
            Datasets = problem.Datasets.Select(d => d with
            {
                Name = Name(d.Name),
                HomeCluster = Name(d.HomeCluster),
                MonthlyReadsGb = d.MonthlyReadsGb.ToDictionary(r => Name(r.Key), r => r.Value),
            }).ToList(),
            Policies = new PolicySet([.. problem.Policies.Rules, confine]),
        };
    }
}
