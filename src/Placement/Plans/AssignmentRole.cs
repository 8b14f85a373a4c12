using System.Text.Json.Serialization;

namespace Reference.Placement.Plans;

/// <summary>What a cluster does for a workload; the publisher turns roles into traffic rules.</summary>
public enum AssignmentRole
{
    /// <summary>Serves its weight of traffic (cloud-per-workload, active-active).</summary>
    [JsonStringEnumMemberName("active")] Active,

    /// <summary>Serves all traffic until failover (active-passive).</summary>
    [JsonStringEnumMemberName("primary")] Primary,

    /// <summary>Warm standby with reduced replicas (active-passive).</summary>
    [JsonStringEnumMemberName("standby")] Standby,

    /// <summary>On-prem steady state (hybrid-burst).</summary>
    [JsonStringEnumMemberName("base")] Base,

    /// <summary>Absorbs peaks, in <see cref="ClusterAssignment.BurstRank"/> order (hybrid-burst).</summary>
    [JsonStringEnumMemberName("burst")] Burst,
}
