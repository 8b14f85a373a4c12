using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Workers;

// Whether a pool may process a job's data: restricted data stays on on-prem pools, resident data stays in pools
// of its jurisdiction, and GPU jobs need a GPU pool. The reason says which rule decided.
public static class PoolEligibility
{
    public static (bool Allowed, string Reason) Check(IReadOnlyDictionary<string, string> labels, DataClassification classification, string residency, bool requiresGpu)
    {
        if (classification == DataClassification.Restricted && Label(labels, "location") != "onprem")
        {
            return (false, "restricted data never leaves on-prem pools");
        }
        if (residency != "any" && Label(labels, "jurisdiction") != residency)
        {
            return (false, $"the data must stay in jurisdiction '{residency}' and the pool is in '{Label(labels, "jurisdiction") ?? "none"}'");
        }
        if (requiresGpu && Label(labels, "gpu") != "true")
        {
            return (false, "the job needs a GPU and the pool has none");
        }
        return (true, $"{classification.ToName()} data with residency {residency} may run there");
    }

    private static string? Label(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) ? value.ToLowerInvariant() : null;
}
