using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Solver;

namespace Reference.Placement.Costs;

/// <summary>
/// Monthly cost of a placement = compute + egress. Every figure is a sum of lines, each rounded to
/// a micro-dollar; the solver, the brute-force check and the report all go through these methods,
/// so their totals agree to the last digit.
/// </summary>
internal sealed class CostModel
{
    private readonly IReadOnlyList<Cluster> _clusters;
    private readonly double[,] _transfer;

    public CostModel(IReadOnlyList<Cluster> clusters)
    {
        _clusters = clusters;
        _transfer = TransferPricing.Matrix(clusters);
    }

    public double Transfer(int from, int to) => _transfer[from, to];

    /// <summary>Replicas × hourly price × hours on each cluster of the arrangement.</summary>
    public long Compute(WorkloadContext workload, CandidateSlot[] slots, List<Charge>? lines = null)
    {
        long total = 0;
        foreach (var slot in slots)
        {
            if (slot.Replicas == 0 || slot.Hours <= 0)
            {
                continue;
            }

            var hourly = workload.HourlyCost[slot.Cluster] ?? throw new InvalidOperationException($"No price for {workload.Name} on {_clusters[slot.Cluster].Name}.");
            var micro = MicroDollars.FromDollars(slot.Replicas * hourly * slot.Hours);
            total += micro;
            lines?.Add(new Charge(CostCause.Compute, RoleName(slot.Role), slot.Cluster, slot.Cluster, 0, micro));
        }

        return total;
    }

    /// <summary>Datasets read from their home cluster by each cluster serving a share of the traffic.</summary>
    public long DatasetReads(WorkloadContext workload, (int Cluster, double Share)[] traffic, List<Charge>? lines = null)
    {
        long total = 0;
        foreach (var (home, gb, dataset) in workload.Reads)
        {
            foreach (var (cluster, share) in traffic)
            {
                var price = _transfer[home, cluster];
                if (price == 0 || share == 0 || gb == 0)
                {
                    continue;
                }

                var micro = MicroDollars.FromDollars(gb * share * price);
                total += micro;
                lines?.Add(new Charge(CostCause.DatasetRead, dataset, home, cluster, gb * share, micro));
            }
        }

        return total;
    }

    /// <summary>Responses to internet users from each serving cluster.</summary>
    public long Internet(WorkloadContext workload, (int Cluster, double Share)[] traffic, List<Charge>? lines = null)
    {
        long total = 0;
        var gb = workload.Workload.InternetEgressGbPerMonth;
        if (gb == 0)
        {
            return 0;
        }

        foreach (var (cluster, share) in traffic)
        {
            if (share == 0)
            {
                continue;
            }

            var micro = MicroDollars.FromDollars(gb * share * _clusters[cluster].Prices.Egress.Internet);
            total += micro;
            lines?.Add(new Charge(CostCause.Internet, "users", cluster, cluster, gb * share, micro));
        }

        return total;
    }

    /// <summary>
    /// Responses flowing from a callee to its caller. With traffic split on both sides, each pair
    /// of serving clusters carries the product of the shares (calls are not locality-routed).
    /// </summary>
    public long Calls(double gb, (int Cluster, double Share)[] caller, (int Cluster, double Share)[] callee, string calleeName = "", List<Charge>? lines = null)
    {
        if (gb == 0)
        {
            return 0;
        }

        long total = 0;
        foreach (var (to, callerShare) in caller)
        {
            foreach (var (from, calleeShare) in callee)
            {
                var price = _transfer[from, to];
                var amount = gb * callerShare * calleeShare;
                if (price == 0 || amount == 0)
                {
                    continue;
                }

                var micro = MicroDollars.FromDollars(amount * price);
                total += micro;
                lines?.Add(new Charge(CostCause.ServiceCall, calleeName, from, to, amount, micro));
            }
        }

        return total;
    }

    public static string RoleName(AssignmentRole role) => role.ToString().ToLowerInvariant();
}
