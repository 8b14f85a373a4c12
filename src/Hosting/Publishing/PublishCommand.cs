using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Publishing;

/// <summary>
/// `dotnet run --project AppHost -- publish --output deploy/out [--clusters a,b]`: writes what deployment tools need,
/// step by step, showing progress; nothing is started and no secret value is written. Other options:
/// --deploy (folder of clusters.yaml, policies.yaml, datasets.yaml; default deploy/ at the repository root),
/// --usecases (default src/UseCases), --namespace, --domain, --tag (image tag), --otlp-endpoint (central collector).
/// </summary>
internal static class PublishCommand
{
    public static int Run(DistributedApplicationBuilder builder, ILogSink log)
    {
        var command = builder.Command;
        var output = Path.GetFullPath(command.GetOption("output") ?? Path.Combine("deploy", "out"), Directory.GetCurrentDirectory());
        Directory.CreateDirectory(output);
        ResourceGraphCheck(builder);

        Step(log, 1, "aspire-manifest.json", () =>
        {
            var manifest = AspireManifestWriter.Write(builder.Resources, output);
            File.WriteAllText(Path.Combine(output, "aspire-manifest.json"), manifest);
            return $"{builder.Resources.Count} resources";
        });

        var root = RepositoryRoot(builder.AppHostDirectory);
        var defaults = new KubernetesSettings();
        var request = new PublishRequest
        {
            OutputDirectory = output,
            DeployDirectory = FullPath(command.GetOption("deploy"), Path.Combine(root, "deploy")),
            UseCasesDirectory = FullPath(command.GetOption("usecases"), Path.Combine(root, "src", "UseCases")),
            Clusters = (command.GetOption("clusters") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Kubernetes = defaults with
            {
                Namespace = command.GetOption("namespace") ?? builder.Configuration["Publish:Namespace"] ?? defaults.Namespace,
                Domain = command.GetOption("domain") ?? builder.Configuration["Publish:Domain"] ?? defaults.Domain,
                ImageTag = command.GetOption("tag") ?? builder.Configuration["Publish:ImageTag"] ?? defaults.ImageTag,
                CentralOtlpEndpoint = command.GetOption("otlp-endpoint") ?? builder.Configuration["Publish:OtlpEndpoint"],
                Team = builder.Configuration["Publish:Team"] ?? defaults.Team,
                CostCenter = builder.Configuration["Publish:CostCenter"] ?? defaults.CostCenter,
            },
        };
        PlacementPublisher.Publish([.. builder.Resources], request, builder.Configuration, log, firstStep: 2);

        log.Info($"Published to {output}");
        return 0;
    }

    /// <summary>The folder above the AppHost that holds deploy/ or a solution file (the AppHost's own folder if none).</summary>
    internal static string RepositoryRoot(string appHostDirectory)
    {
        for (var dir = new DirectoryInfo(appHostDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "deploy")) || dir.EnumerateFiles("*.sln").Any())
            {
                return dir.FullName;
            }
        }

        return appHostDirectory;
    }

    private static string FullPath(string? option, string fallback) =>
        option is null ? fallback : Path.GetFullPath(option, Directory.GetCurrentDirectory());

    private static void ResourceGraphCheck(DistributedApplicationBuilder builder) => ResourceGraph.Validate(builder.Resources);

    private static void Step(ILogSink log, int number, string name, Func<string> action)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        log.Info($"[{number}] {name}…");
        var summary = action();
        log.Info($"[{number}] {name}: {summary} ({clock.Elapsed.TotalMilliseconds:0} ms)");
    }
}
