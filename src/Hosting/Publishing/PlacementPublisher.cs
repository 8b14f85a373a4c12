using System.Diagnostics;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;
using Reference.Placement;
using Reference.Placement.Plans;

namespace Reference.Hosting.Publishing;

/// <summary>What one publish run is told: where to write, what to read, which clusters to consider.</summary>
public sealed record PublishRequest
{
    public required string OutputDirectory { get; init; }

    public required string DeployDirectory { get; init; }

    public required string UseCasesDirectory { get; init; }

    /// <summary>Restricts placement and output to these clusters; empty means the whole catalogue.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    public KubernetesSettings Kubernetes { get; init; } = new();
}

/// <summary>
/// The publish verb's steps after the Aspire manifest: read the inputs, place every workload, and write placement.json,
/// placement.md and the kustomize tree. Output depends only on the input: ordered, no timestamps, "\n" line ends.
/// </summary>
public static class PlacementPublisher
{
    public static IReadOnlyList<string> Publish(IReadOnlyList<IResource> model, PublishRequest request, Microsoft.Extensions.Configuration.IConfiguration configuration, ILogSink log, int firstStep = 1)
    {
        var step = firstStep;
        var inputs = Step(log, step++, "inputs", () =>
        {
            var loaded = Inputs(request);
            return (loaded, $"{loaded.Catalogue.Clusters.Count} clusters, {loaded.Policies.Rules.Count} rules, {loaded.Datasets.Count} datasets, {loaded.UseCases.Count} use cases");
        });

        var workloads = PublishedWorkload.From(model, inputs.UseCases, request.Kubernetes.Team, request.Kubernetes.CostCenter);
        var plan = Step(log, step++, "placement", () =>
        {
            var problem = ProblemOf(workloads, inputs);
            PlacementPlan solved;
            try
            {
                solved = PlacementEngine.Solve(problem, new PlacementOptions { CompareWithGreedy = true });
            }
            catch (PlacementInfeasibleException ex)
            {
                throw new DistributedApplicationException(
                    $"Placement is impossible; conflicting rules: {string.Join(", ", ex.ConflictingRules)}. {ex.Message}", ex);
            }
            catch (PlacementInputException ex)
            {
                throw new DistributedApplicationException(ex.Message, ex);
            }

            return (solved, $"{solved.Workloads.Count} workloads on {solved.Clusters.Count(c => c.Workloads.Count > 0)} clusters, {solved.Cost.Total:0.00} USD/month ({solved.Strategy}{(solved.ProvedOptimal ? ", proved optimal" : "")})");
        });

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["placement.json"] = PlacementPlanJson.Serialize(plan),
            ["placement.md"] = PlacementMarkdown.Render(plan).ReplaceLineEndings("\n"),
        };
        Step(log, step++, "kubernetes", () =>
        {
            foreach (var (path, text) in new KubernetesWriter(plan, workloads, model, inputs.Catalogue, request.Kubernetes, configuration).Write())
            {
                files[path] = text;
            }

            return (0, $"{files.Count(f => f.Key.StartsWith("kubernetes/overlays/", StringComparison.Ordinal) && f.Key.EndsWith("/kustomization.yaml", StringComparison.Ordinal))} overlays");
        });

        // The `platform` CLI and other one-shots bootstrap a local run and exit; clusters get no object for them (see PublishedWorkload.IsOneShot).
        var oneShots = model.Where(PublishedWorkload.IsOneShot).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        if (oneShots.Count > 0)
        {
            log.Info($"Left out of cluster output (one-shot, run mode only): {string.Join(", ", oneShots)}");
            files["kubernetes/ONE-SHOTS.md"] = OneShotsNote(oneShots);
        }

        Step(log, step, "write", () =>
        {
            // A previous publish may have placed workloads on clusters this one does not use: start the tree afresh.
            var kubernetes = Path.Combine(request.OutputDirectory, "kubernetes");
            if (Directory.Exists(kubernetes))
            {
                Directory.Delete(kubernetes, recursive: true);
            }

            foreach (var (path, text) in files)
            {
                var full = Path.Combine(request.OutputDirectory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }

            return (0, $"{files.Count} files");
        });

        return files.Keys.ToList();
    }

    /// <summary>The placement problem publish solves for this model and request, without solving it (for benches and tools).</summary>
    public static PlacementProblem Problem(IReadOnlyList<IResource> model, PublishRequest request)
    {
        var inputs = Inputs(request);
        return ProblemOf(PublishedWorkload.From(model, inputs.UseCases, request.Kubernetes.Team, request.Kubernetes.CostCenter), inputs);
    }

    private static PublishInputs Inputs(PublishRequest request)
    {
        var loaded = PublishInputs.Load(request.DeployDirectory, request.UseCasesDirectory);
        return request.Clusters.Count > 0 ? loaded.RestrictTo(request.Clusters) : loaded;
    }

    private static PlacementProblem ProblemOf(List<PublishedWorkload> workloads, PublishInputs inputs)
    {
        var names = workloads.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        return new PlacementProblem
        {
            Catalogue = inputs.Catalogue,
            Workloads = workloads.Select(w => w.Workload).ToList(),
            // Reads by workloads this topology does not have are left out, so that one datasets.yaml serves several AppHosts.
            Datasets = inputs.Datasets.Select(d => d with { MonthlyReadsGb = d.MonthlyReadsGb.Where(r => names.Contains(r.Key)).ToDictionary(r => r.Key, r => r.Value) }).ToList(),
            Policies = inputs.Policies,
        };
    }

    private static string OneShotsNote(List<string> names) =>
        "# One-shot resources left out\n\n" +
        "These AppHost resources run once and exit in run mode (the `platform` CLI applies a use case, ingests its synthetic\n" +
        "data, trains and approves the first version as the local approver). None of that belongs in a cluster: there, use\n" +
        "cases are applied by the release pipeline with `platform apply` against the published services, and approvals are\n" +
        "made by people. No Job is written for them.\n\n" +
        string.Concat(names.Select(n => $"- `{n}`\n"));

    private static T Step<T>(ILogSink log, int number, string name, Func<(T Result, string Summary)> action)
    {
        var clock = Stopwatch.StartNew();
        log.Info($"[{number}] {name}…");
        var (result, summary) = action();
        log.Info($"[{number}] {name}: {summary} ({clock.Elapsed.TotalMilliseconds:0} ms)");
        return result;
    }
}
