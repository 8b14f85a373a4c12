namespace Reference.Placement.Topologies;

/// <summary>Shape of a generated problem; the same options and seed always give the same problem.</summary>
public sealed record RandomTopologyOptions
{
    public int Workloads { get; init; } = 10;

    public int Clusters { get; init; } = 6;

    /// <summary>Datasets to generate; null means one per two workloads.</summary>
    public int? Datasets { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Share of workloads with a multi-cluster pattern (active-active, active-passive, hybrid-burst).</summary>
    public double PatternShare { get; init; } = 0.3;

    /// <summary>Average number of other workloads each workload calls.</summary>
    public double CallsPerWorkload { get; init; } = 1.5;

    /// <summary>Share of workloads with user regions and a latency SLO.</summary>
    public double SloShare { get; init; } = 0.3;

    /// <summary>
    /// Roughly, total demand over the capacity of an on-prem-sized cluster share (higher makes
    /// capacity bind more often); cloud clusters get about three times as much, as quotas do.
    /// </summary>
    public double CapacityTightness { get; init; } = 0.5;

    /// <summary>Add restricted/residency data and the rules that confine it.</summary>
    public bool WithPolicies { get; init; } = true;
}
