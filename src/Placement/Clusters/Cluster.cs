namespace Reference.Placement.Clusters;

/// <summary>A Kubernetes cluster that workloads can be placed on.</summary>
public sealed record Cluster
{
    public required string Name { get; init; }

    public required CloudProvider Provider { get; init; }

    /// <summary>The provider's own region name (eu-west-1, europe-west1, westeurope, dc-frankfurt).</summary>
    public required string Region { get; init; }

    /// <summary>
    /// The geographic area used by the latency table and by users' regions (eu-west, us-east, ...);
    /// providers name their regions differently, so latency is kept per area.
    /// </summary>
    public required string Location { get; init; }

    /// <summary>The legal jurisdiction the data sits in (eu, us, uk, sg, ...), matched by residency.</summary>
    public required string Jurisdiction { get; init; }

    public required ClusterCapacity Capacity { get; init; }

    public required ClusterPrices Prices { get; init; }

    /// <summary>Container registry the publisher pushes images to for this cluster.</summary>
    public string Registry { get; init; } = "";

    public DataServiceOffering Postgres { get; init; } = DataServiceOffering.InCluster;

    public DataServiceOffering Redis { get; init; } = DataServiceOffering.InCluster;

    /// <summary>Whether the prices were checked against the provider's pages, when, and where.</summary>
    public PriceCheck PriceCheck { get; init; } = PriceCheck.Unchecked;

    /// <summary>The External Secrets store the cluster reads secrets from; null when Secrets are created by hand.</summary>
    public SecretStoreRef? SecretStore { get; init; }

    /// <summary>Cost of one hour of one replica needing the given resources, or null if the cluster has no price for the GPU type.</summary>
    public double? HourlyCost(double cpu, double memoryGb, string? gpuType, int gpuCount)
    {
        var cost = cpu * Prices.CpuHour + memoryGb * Prices.MemoryGbHour;
        if (gpuType is null || gpuCount == 0)
        {
            return cost;
        }

        return Prices.GpuHour.TryGetValue(gpuType, out var gpuPrice) ? cost + gpuCount * gpuPrice : null;
    }
}
