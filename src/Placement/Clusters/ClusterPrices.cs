namespace Reference.Placement.Clusters;

/// <summary>Monthly cost drivers of a cluster, in US dollars.</summary>
/// <param name="CpuHour">Per vCPU-hour.</param>
/// <param name="MemoryGbHour">Per GB of memory per hour.</param>
/// <param name="GpuHour">Per GPU-hour, by GPU type (a100, h100, l4, t4, a10g, ...).</param>
/// <param name="Egress">Per GB leaving the cluster, by destination.</param>
public sealed record ClusterPrices(double CpuHour, double MemoryGbHour, IReadOnlyDictionary<string, double> GpuHour, EgressPrices Egress);
