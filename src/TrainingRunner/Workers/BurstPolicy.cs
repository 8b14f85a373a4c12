using Reference.ServiceDefaults;
using Reference.TrainingRunner.Jobs;

namespace Reference.TrainingRunner.Workers;

public sealed record QueuedJobFacts(
    Guid Id, string? RequestedPool, IReadOnlyList<string> PoolOrder, DataClassification Classification, string Residency, bool RequiresGpu, DateTimeOffset WaitingSince);

// Decides whether a worker of one pool may take a queued job now. The job's eligible pools are tried in order
// (the use case's order, else on-prem first): the first may always take it; a later pool only when every earlier
// eligible pool has had no free slot for the burst wait. The decision and its reason go on the job.
public static class BurstPolicy
{
    public static JobPlacementDecision? Decide(QueuedJobFacts job, string pool, IReadOnlyList<WorkerPool> pools, TimeSpan burstWait, DateTimeOffset now)
    {
        var byName = pools.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var ordered = job.PoolOrder.Count > 0
            ? job.PoolOrder.Select(name => byName.GetValueOrDefault(name)).OfType<WorkerPool>()
            : WorkerPool.DefaultOrder(pools);
        if (job.RequestedPool is not null)
        {
            ordered = ordered.Where(p => p.Name == job.RequestedPool);
        }
        var eligible = ordered.Where(p => PoolEligibility.Check(p.Labels, job.Classification, job.Residency, job.RequiresGpu).Allowed).ToList();
        var names = eligible.Select(p => p.Name).ToList();
        var index = eligible.FindIndex(p => p.Name == pool);
        if (index < 0)
        {
            return null;
        }
        if (index == 0)
        {
            var reason = eligible[0].IsOnPrem || job.RequestedPool is not null
                ? $"{pool} is the job's preferred pool and had a free slot"
                : $"{pool} is the first eligible pool in the job's order and had a free slot";
            return new JobPlacementDecision(pool, false, reason, names, now);
        }
        var waited = now - job.WaitingSince;
        if (waited < burstWait)
        {
            return null;
        }
        var earlier = eligible.Take(index).ToList();
        if (earlier.Any(p => p.HasFreeSlot))
        {
            return null;
        }
        var why = string.Join("; ", earlier.Select(p => $"{p.Name} had {p.Busy} of {p.Slots} slots busy"));
        var allowed = PoolEligibility.Check(eligible[index].Labels, job.Classification, job.Residency, job.RequiresGpu).Reason;
        return new JobPlacementDecision(pool, true,
            $"Burst to {pool}: {why} and the job had waited {waited.TotalSeconds:0.#} s (burst wait {burstWait.TotalSeconds:0.#} s); {allowed}.", names, now);
    }
}
