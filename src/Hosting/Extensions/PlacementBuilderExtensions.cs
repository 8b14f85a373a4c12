using Reference.Hosting.ApplicationModel;
using Reference.Placement.Patterns;

namespace Reference.Hosting;

/// <summary>What the publish verb needs to place a project on clusters; run mode ignores all of it.</summary>
public static class PlacementBuilderExtensions
{
    /// <summary>Per-replica CPU (cores), memory (GB) and GPUs; without it a project asks for 0.5 core and 1 GB.</summary>
    public static IResourceBuilder<T> WithWorkload<T>(this IResourceBuilder<T> builder, double cpu, double memoryGb, int gpus = 0, string? gpuType = null) where T : IResource
    {
        if (cpu <= 0 || memoryGb <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cpu), $"Resource '{builder.Resource.Name}': cpu and memoryGb must be positive.");
        }

        if (gpus < 0 || (gpus > 0 && string.IsNullOrWhiteSpace(gpuType)))
        {
            throw new ArgumentException($"Resource '{builder.Resource.Name}': GPUs need a count of at least 1 and a type (t4, l4, a100, ...).", nameof(gpuType));
        }

        return builder.WithAnnotation(new WorkloadAnnotation(cpu, memoryGb, gpus, gpus > 0 ? gpuType!.ToLowerInvariant() : null));
    }

    /// <summary>The pattern (cloud-per-workload by default), the areas its users are in and the latency they need.</summary>
    public static IResourceBuilder<T> WithPlacement<T>(this IResourceBuilder<T> builder, PlacementPattern? pattern = null, string[]? userRegions = null, double? latencySloMs = null) where T : IResource
    {
        if (latencySloMs is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(latencySloMs), latencySloMs, $"Resource '{builder.Resource.Name}': the latency SLO must be positive.");
        }

        return builder.WithAnnotation(new PlacementAnnotation(pattern ?? new CloudPerWorkload(), userRegions ?? [], latencySloMs));
    }

    /// <summary>The resource handles the data of the use case src/UseCases/&lt;Name&gt;/usecase.yaml (by its name field).</summary>
    public static IResourceBuilder<T> WithUseCase<T>(this IResourceBuilder<T> builder, string useCase) where T : IResource =>
        builder.WithAnnotation(new UseCaseAnnotation(useCase));
}
