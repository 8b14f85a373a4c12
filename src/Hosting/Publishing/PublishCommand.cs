using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Publishing;

/// <summary>
/// `dotnet run --project AppHost -- publish --output deploy/out [--clusters a,b]`: writes what deployment tools need,
/// step by step, showing progress; nothing is started and no secret value is written. Other options:
/// --deploy (folder of clusters.yaml, policies.yaml, datasets.yaml; default deploy/ at the repository root),
/// --usecases (default src/UseCases), --namespace, --domain, --tag (image tag), --otlp-endpoint (central collector),
/// --tls-secret (an existing wildcard certificate Secret instead of one cert-manager certificate per public name).
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
                IngressClass = builder.Configuration["Publish:IngressClass"] ?? defaults.IngressClass,
                TlsIssuer = builder.Configuration["Publish:TlsIssuer"] ?? defaults.TlsIssuer,
                TlsSecretName = command.GetOption("tls-secret") ?? builder.Configuration["Publish:TlsSecret"],
                DnsProvider = builder.Configuration["Publish:DnsProvider"] ?? defaults.DnsProvider,
                HealthCheckIds = HealthCheckIds(builder),
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

    /// <summary>
    /// Route 53 health check ids as Publish:HealthChecks:&lt;workload&gt;:&lt;cluster&gt; from configuration: appsettings,
    /// Publish__HealthChecks__…, or the publish command line (--Publish:HealthChecks:model-registry:aws-eu-west-1=&lt;id&gt;).
    /// </summary>
    private static Dictionary<string, string> HealthCheckIds(DistributedApplicationBuilder builder)
    {
        const string Expected = "expected Publish:HealthChecks:<workload>:<cluster>=<Route 53 health check id>";
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var workload in builder.Configuration.GetSection("Publish:HealthChecks").GetChildren())
        {
            if (!string.IsNullOrEmpty(workload.Value))
            {
                throw new DistributedApplicationException($"{workload.Path}={workload.Value}: {Expected}.");
            }

            foreach (var cluster in workload.GetChildren())
            {
                if (string.IsNullOrEmpty(cluster.Value) || cluster.Value == "true" || cluster.GetChildren().Any())
                {
                    throw new DistributedApplicationException($"{cluster.Path}: {Expected}.");
                }

                ids[$"{workload.Key}/{cluster.Key}"] = cluster.Value;
            }
        }

        return ids;
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
