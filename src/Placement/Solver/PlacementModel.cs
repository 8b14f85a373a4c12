using Reference.Placement.Clusters;
using Reference.Placement.Costs;
using Reference.Placement.Filters;
using Reference.Placement.Lineage;

namespace Reference.Placement.Solver;

/// <summary>
/// The problem in indexed form: clusters and workloads by name order, each workload's filter
/// results and candidate arrangements with their own costs, and the pairwise costs of calls.
/// Built once; the exact search, the greedy baseline and the plan builder all read it.
/// </summary>
internal sealed class PlacementModel
{
    // Above this many candidate pairs on one call edge the table would be too large to hold.
    private const long MaxPairsPerEdge = 25_000_000;

    private PlacementModel(PlacementProblem problem, IReadOnlyList<Cluster> clusters, IReadOnlyList<string> gpuTypes)
    {
        Problem = problem;
        Clusters = clusters;
        GpuTypes = gpuTypes;
        Costs = new CostModel(clusters);
        ClusterIndex = clusters.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
    }

    public PlacementProblem Problem { get; }

    public IReadOnlyList<Cluster> Clusters { get; }

    public Dictionary<string, int> ClusterIndex { get; }

    /// <summary>GPU types with a capacity dimension (2 + index), sorted.</summary>
    public IReadOnlyList<string> GpuTypes { get; }

    public CostModel Costs { get; }

    public WorkloadContext[] Workloads { get; private set; } = [];

    public CallEdge[] Edges { get; private set; } = [];

    /// <summary>For each workload, its edges and which end of each it is.</summary>
    public (CallEdge Edge, int Other, bool IsFirst)[][] Adjacency { get; private set; } = [];

    public int Dimensions => 2 + GpuTypes.Count;

    public CapacityLedger NewLedger() => new(Clusters.Count, Dimensions, (c, d) => d switch
    {
        0 => Clusters[c].Capacity.Cpu,
        1 => Clusters[c].Capacity.MemoryGb,
        _ => Clusters[c].Capacity.GpusOf(GpuTypes[d - 2]),
    });

    public static PlacementModel Build(PlacementProblem problem)
    {
        ProblemValidator.Validate(problem);
        var clusters = problem.Catalogue.Clusters;
        var gpuTypes = clusters.SelectMany(c => c.Capacity.Gpus.Keys)
            .Concat(problem.Workloads.Where(w => w.PerReplica.Gpu is not null).Select(w => w.PerReplica.Gpu!.Type))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var model = new PlacementModel(problem, clusters, gpuTypes);
        var filter = new HardFilter(problem.Policies);
        var workloads = problem.Workloads.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
        var workloadIndex = workloads.Select((w, i) => (w.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var enumerator = new CandidateEnumerator(clusters, problem.Catalogue.Latency, model.Costs, model.ClusterIndex, 2) { GpuTypes = gpuTypes };

        var contexts = new WorkloadContext[workloads.Count];
        for (var i = 0; i < workloads.Count; i++)
        {
            var workload = workloads[i];
            var gpu = workload.PerReplica.Gpu;
            var context = new WorkloadContext
            {
                Workload = workload,
                Index = i,
                Profile = DataProfile.Of(workload, problem.Datasets),
                Reads = problem.Datasets
                    .Where(d => d.MonthlyReadsGb.TryGetValue(workload.Name, out var gb) && gb > 0)
                    .OrderBy(d => d.Name, StringComparer.Ordinal)
                    .Select(d => (model.ClusterIndex[d.HomeCluster], d.MonthlyReadsGb[workload.Name], d.Name))
                    .ToArray(),
                Calls = workload.Calls
                    .Where(c => c.Target != workload.Name)
                    .GroupBy(c => workloadIndex[c.Target])
                    .OrderBy(g => g.Key)
                    .Select(g => (g.Key, g.Sum(c => c.GbPerMonth)))
                    .ToArray(),
                HourlyCost = clusters.Select(c => c.HourlyCost(workload.PerReplica.Cpu, workload.PerReplica.MemoryGb, gpu?.Type, gpu?.Count ?? 0)).ToArray(),
            };

            for (var c = 0; c < clusters.Count; c++)
            {
                var reasons = filter.Reasons(workload, context.Profile, clusters[c]);
                if (reasons.Count > 0)
                {
                    context.FilterRejections[c] = reasons;
                }
            }

            enumerator.Enumerate(context);
            contexts[i] = context;
        }

        model.Workloads = contexts;
        model.BuildEdges();
        return model;
    }

    private void BuildEdges()
    {
        var byPair = new SortedDictionary<(int, int), (double FirstCallsSecond, double SecondCallsFirst)>();
        foreach (var workload in Workloads)
        {
            foreach (var (target, gb) in workload.Calls)
            {
                var key = workload.Index < target ? (workload.Index, target) : (target, workload.Index);
                var current = byPair.GetValueOrDefault(key);
                byPair[key] = workload.Index < target ? (current.FirstCallsSecond + gb, current.SecondCallsFirst) : (current.FirstCallsSecond, current.SecondCallsFirst + gb);
            }
        }

        var edges = new List<CallEdge>();
        foreach (var ((first, second), (firstCallsSecond, secondCallsFirst)) in byPair)
        {
            var a = Workloads[first].Candidates;
            var b = Workloads[second].Candidates;
            if ((long)a.Length * b.Length > MaxPairsPerEdge)
            {
                throw new PlacementInputException([$"workloads '{Workloads[first].Name}' and '{Workloads[second].Name}' call each other with {a.Length} × {b.Length} arrangements; fix some of their clusters"]);
            }

            var edge = new CallEdge { First = first, Second = second, FirstCallsSecondGb = firstCallsSecond, SecondCallsFirstGb = secondCallsFirst, SecondCount = b.Length };
            var costs = new long[a.Length * b.Length];
            for (var i = 0; i < a.Length; i++)
            {
                for (var j = 0; j < b.Length; j++)
                {
                    costs[i * b.Length + j] = Costs.Calls(firstCallsSecond, a[i].Traffic, b[j].Traffic) + Costs.Calls(secondCallsFirst, b[j].Traffic, a[i].Traffic);
                }
            }

            edge.PairCosts = costs;
            edges.Add(edge);
        }

        Edges = edges.ToArray();
        var adjacency = Workloads.Select(_ => new List<(CallEdge, int, bool)>()).ToArray();
        foreach (var edge in Edges)
        {
            adjacency[edge.First].Add((edge, edge.Second, true));
            adjacency[edge.Second].Add((edge, edge.First, false));
        }

        Adjacency = adjacency.Select(a => a.ToArray()).ToArray();
    }

    /// <summary>Total monthly cost of a full assignment (candidate index per workload), from the precomputed parts.</summary>
    public long TotalCost(int[] assignment) => TotalCost(assignment, Enumerable.Range(0, Workloads.Length));

    /// <summary>Cost of the given workloads' part of an assignment (edges to others left out).</summary>
    public long TotalCost(int[] assignment, IEnumerable<int> workloads)
    {
        var members = workloads.ToHashSet();
        long total = 0;
        foreach (var w in members)
        {
            total += Workloads[w].Candidates[assignment[w]].UnaryCost;
        }

        foreach (var edge in Edges)
        {
            if (members.Contains(edge.First) && members.Contains(edge.Second))
            {
                total += edge.Cost(assignment[edge.First], assignment[edge.Second]);
            }
        }

        return total;
    }
}
