using Reference.Hosting.ApplicationModel;
using Reference.Placement.Patterns;
using Reference.Placement.Workloads;

namespace Reference.Hosting.Publishing;

/// <summary>A workload to place and deploy: a project of the AppHost or a use case's training job, with its cost-allocation labels.</summary>
internal sealed record PublishedWorkload
{
    public required Workload Workload { get; init; }

    /// <summary>The project behind a service; null for a use case's training job.</summary>
    public ProjectResource? Project { get; init; }

    /// <summary>Image name without registry or tag; overlays point it at the cluster's registry.</summary>
    public required string Image { get; init; }

    public required string Team { get; init; }

    public required string CostCenter { get; init; }

    public required string UseCase { get; init; }

    public UseCaseSpec? Spec { get; init; }

    public string Name => Workload.Name;

    /// <summary>Service-to-service traffic assumed per reference when the AppHost does not say: responses back to the caller.</summary>
    public const double DefaultCallGbPerMonth = 10;

    public const string SharedUseCase = "shared";

    /// <summary>
    /// Reads per month from a data service another project owns (serving reading the feature store's online store): the
    /// store runs where its owner runs, so the reader pays for it across clusters. Larger than a call, to pull readers to the data.
    /// </summary>
    public const double SharedStoreGbPerMonth = 100;

    /// <summary>Share of a use case's training hours expected to burst to the cloud.</summary>
    public const double BurstShare = 0.2;

    /// <summary>One workload per project resource and per use case with training, ordered by name.</summary>
    public static List<PublishedWorkload> From(IEnumerable<IResource> resources, IReadOnlyList<UseCaseSpec> useCases, string defaultTeam, string defaultCostCenter)
    {
        var model = resources.ToList();
        var projects = model.OfType<ProjectResource>().Where(p => !IsOneShot(p)).ToList();
        var workloads = new List<PublishedWorkload>();
        foreach (var project in projects)
        {
            var size = project.TryGetLast<WorkloadAnnotation>(out var w) ? w : WorkloadAnnotation.Default;
            project.TryGetLast<PlacementAnnotation>(out var placement);
            UseCaseSpec? spec = null;
            if (project.TryGetLast<UseCaseAnnotation>(out var useCase))
            {
                spec = useCases.FirstOrDefault(u => string.Equals(u.Name, useCase.UseCase, StringComparison.Ordinal))
                    ?? throw new DistributedApplicationException(
                        $"Resource '{project.Name}' names use case '{useCase.UseCase}', but no usecase.yaml has that name (found: {(useCases.Count == 0 ? "none" : string.Join(", ", useCases.Select(u => u.Name)))}).");
            }

            var calls = Calls(project, projects);
            workloads.Add(new PublishedWorkload
            {
                Project = project,
                Image = ImageName(project.Project.ProjectPath),
                Team = NonEmpty(spec?.Owner, defaultTeam),
                CostCenter = NonEmpty(spec?.CostCenter, defaultCostCenter),
                UseCase = spec?.Name ?? SharedUseCase,
                Spec = spec,
                Workload = new Workload
                {
                    Name = project.Name,
                    Kind = WorkloadKind.Service,
                    PerReplica = new ResourceRequest(size.Cpu, size.MemoryGb, size.GpuCount > 0 ? new GpuRequest(size.GpuCount, size.GpuType!) : null),
                    Replicas = project.GetReplicaCount(),
                    Pattern = placement?.Pattern ?? new CloudPerWorkload(),
                    UserRegions = placement?.UserRegions.Count > 0 ? placement.UserRegions : spec?.ServingUserRegions ?? [],
                    LatencySloMs = placement?.LatencySloMs ?? (placement?.UserRegions.Count > 0 ? null : spec?.ServingLatencySloMs),
                    Calls = calls,
                    Residency = spec?.Residency,
                    Lineage = spec?.FeatureViews ?? [],
                },
            });
        }

        // A use case's training runs as a job of the training runner's image (the project built from TrainingRunner), on the pools its spec names.
        var trainer = projects.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p.Project.ProjectPath).EndsWith("TrainingRunner", StringComparison.Ordinal));
        foreach (var spec in useCases.Where(u => u.HasTraining))
        {
            var name = $"{spec.Name}-training";
            if (workloads.Any(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new DistributedApplicationException($"Use case '{spec.Name}' trains as workload '{name}', but the AppHost already has a resource with that name.");
            }

            var hours = Math.Min(730, spec.TrainingRunsPerMonth * spec.TrainingHoursPerRun);
            var burst = spec.TrainingPools.Any(p => p.Contains("onprem", StringComparison.OrdinalIgnoreCase)) && spec.TrainingPools.Count > 1;
            workloads.Add(new PublishedWorkload
            {
                Image = trainer is null ? "training-runner" : ImageName(trainer.Project.ProjectPath),
                Team = NonEmpty(spec.Owner, defaultTeam),
                CostCenter = NonEmpty(spec.CostCenter, defaultCostCenter),
                UseCase = spec.Name,
                Spec = spec,
                Workload = new Workload
                {
                    Name = name,
                    Kind = WorkloadKind.Job,
                    PerReplica = spec.TrainingResources,
                    HoursPerMonth = hours,
                    // Assume a fifth of the training time runs while on-prem is saturated.
                    Pattern = burst ? new HybridBurst { BurstHoursPerMonth = Math.Round(hours * BurstShare, 2) } : new CloudPerWorkload(),
                    Residency = spec.Residency,
                    Lineage = spec.TrainingLineage,
                },
            });
        }

        return workloads.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// One-shot projects (the `platform` CLI applying a use case) are left out of cluster output: they bootstrap a local
    /// run (synthetic data, the local approver) and exit; a cluster applies use cases through its own pipeline.
    /// </summary>
    public static bool IsOneShot(IResource resource) => resource.OfAnnotation<OneShotAnnotation>().Any();

    /// <summary>
    /// Calls to referenced projects, plus data gravity: a data service (database, Redis) also referenced by a project
    /// declared earlier belongs to that project, and reading it from another cluster costs as a call to its owner.
    /// </summary>
    private static List<ServiceCall> Calls(ProjectResource project, List<ProjectResource> projects)
    {
        var calls = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var target in project.OfAnnotation<ResourceReferenceAnnotation>().Select(r => r.Resource))
        {
            if (target is ProjectResource callee)
            {
                if (projects.Contains(callee))
                {
                    calls[callee.Name] = Math.Max(calls.GetValueOrDefault(callee.Name), DefaultCallGbPerMonth);
                }

                continue;
            }

            var owner = projects.FirstOrDefault(p => p.OfAnnotation<ResourceReferenceAnnotation>().Any(r => ReferenceEquals(r.Resource, target)));
            if (owner is not null && !ReferenceEquals(owner, project))
            {
                calls[owner.Name] = calls.GetValueOrDefault(owner.Name) + SharedStoreGbPerMonth;
            }
        }

        return calls.Select(c => new ServiceCall(c.Key, c.Value)).ToList();
    }

    /// <summary>"src/ModelRegistry/Reference.ModelRegistry.csproj" → "reference-modelregistry": one image per project.</summary>
    public static string ImageName(string projectPath) =>
        Path.GetFileNameWithoutExtension(projectPath).Replace('.', '-').Replace('_', '-').ToLowerInvariant();

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
