namespace Reference.Placement.Workloads;

/// <summary>What one replica needs.</summary>
public sealed record ResourceRequest(double Cpu, double MemoryGb, GpuRequest? Gpu = null);
