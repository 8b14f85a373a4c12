namespace Reference.Placement.Clusters;

/// <summary>
/// What a cluster can host: allocatable vCPUs, memory and GPUs by type (for a cloud cluster,
/// the quota or node-pool ceiling the team is willing to use).
/// </summary>
public sealed record ClusterCapacity(double Cpu, double MemoryGb, IReadOnlyDictionary<string, int> Gpus)
{
    public int GpusOf(string type) => Gpus.TryGetValue(type, out var count) ? count : 0;
}
