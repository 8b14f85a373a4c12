namespace Reference.Placement.Workloads;

/// <summary>GPUs one replica needs, of one type (a100, h100, l4, t4, a10g, ...).</summary>
public sealed record GpuRequest(int Count, string Type);
