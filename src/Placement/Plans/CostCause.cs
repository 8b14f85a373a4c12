using System.Text.Json.Serialization;

namespace Reference.Placement.Plans;

/// <summary>What a line of monthly cost pays for.</summary>
public enum CostCause
{
    [JsonStringEnumMemberName("compute")] Compute,

    /// <summary>Reading a dataset that lives on another cluster.</summary>
    [JsonStringEnumMemberName("dataset-read")] DatasetRead,

    /// <summary>Responses of a called workload on another cluster.</summary>
    [JsonStringEnumMemberName("service-call")] ServiceCall,

    /// <summary>Responses to users on the internet.</summary>
    [JsonStringEnumMemberName("internet")] Internet,
}
