namespace Reference.TrainingRunner.Workers;

// A pool as its live workers announce it: labels, slots across workers, and running jobs now.
public sealed record WorkerPool(string Name, IReadOnlyDictionary<string, string> Labels, int Slots, int Busy, int Workers)
{
    public bool HasFreeSlot => Busy < Slots;

    public bool IsOnPrem => Labels.TryGetValue("location", out var location) && location == "onprem";

    // The default order of pools to try: on-prem first, then by name.
    public static IEnumerable<WorkerPool> DefaultOrder(IEnumerable<WorkerPool> pools) =>
        pools.OrderBy(p => p.IsOnPrem ? 0 : 1).ThenBy(p => p.Name, StringComparer.Ordinal);
}
