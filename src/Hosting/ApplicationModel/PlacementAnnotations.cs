using Reference.Placement.Patterns;

namespace Reference.Hosting.ApplicationModel;

/// <summary>What one replica of a resource needs when published (requests and limits, GPU node selection).</summary>
public sealed record WorkloadAnnotation(double Cpu, double MemoryGb, int GpuCount = 0, string? GpuType = null) : IResourceAnnotation
{
    /// <summary>What a project gets when the AppHost says nothing: half a core and 1 GB, like a small ASP.NET Core service.</summary>
    public static WorkloadAnnotation Default { get; } = new(0.5, 1);
}

/// <summary>How the placement engine may spread the resource, and whom it serves.</summary>
public sealed record PlacementAnnotation(PlacementPattern Pattern, IReadOnlyList<string> UserRegions, double? LatencySloMs) : IResourceAnnotation;

/// <summary>The use case whose data the resource handles: its feature views' classification and residency travel with it, and it is billed to the use case's team.</summary>
public sealed record UseCaseAnnotation(string UseCase) : IResourceAnnotation;
