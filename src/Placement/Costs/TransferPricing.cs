using Reference.Placement.Clusters;

namespace Reference.Placement.Costs;

/// <summary>
/// Price per GB for data moving from one cluster to another, charged at the sending cluster:
/// nothing within a cluster; the intra-region price within one region of one provider; the
/// inter-region price across regions of one provider (on-prem sites count as regions of
/// "onprem"); the interconnect price between a cloud and on-prem; the inter-cloud price otherwise.
/// </summary>
public static class TransferPricing
{
    public static TransferKind KindOf(Cluster from, Cluster to)
    {
        if (ReferenceEquals(from, to) || string.Equals(from.Name, to.Name, StringComparison.Ordinal))
        {
            return TransferKind.SameCluster;
        }

        if (from.Provider == to.Provider)
        {
            return string.Equals(from.Region, to.Region, StringComparison.Ordinal) ? TransferKind.IntraRegion : TransferKind.InterRegion;
        }

        return from.Provider == CloudProvider.OnPrem || to.Provider == CloudProvider.OnPrem
            ? TransferKind.Interconnect
            : TransferKind.InterCloud;
    }

    public static double PricePerGb(Cluster from, Cluster to) => KindOf(from, to) switch
    {
        TransferKind.SameCluster => 0,
        TransferKind.IntraRegion => from.Prices.Egress.IntraRegion,
        TransferKind.InterRegion => from.Prices.Egress.InterRegion,
        TransferKind.Interconnect => from.Prices.Egress.Interconnect,
        _ => from.Prices.Egress.InterCloud,
    };

    /// <summary>Prices for every ordered pair of clusters, indexed [from, to].</summary>
    internal static double[,] Matrix(IReadOnlyList<Cluster> clusters)
    {
        var prices = new double[clusters.Count, clusters.Count];
        for (var i = 0; i < clusters.Count; i++)
        {
            for (var j = 0; j < clusters.Count; j++)
            {
                prices[i, j] = PricePerGb(clusters[i], clusters[j]);
            }
        }

        return prices;
    }
}
