using System.Text.Json.Serialization;

namespace Reference.Placement.Workloads;

public enum WorkloadKind
{
    /// <summary>A long-running service (runs the whole month unless told otherwise).</summary>
    [JsonStringEnumMemberName("service")] Service,

    /// <summary>A batch job such as a use case's training run (runs <see cref="Workload.HoursPerMonth"/>).</summary>
    [JsonStringEnumMemberName("job")] Job,
}
