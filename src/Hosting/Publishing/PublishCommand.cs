using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Publishing;

/// <summary>
/// `dotnet run --project AppHost -- publish --output deploy/out`: writes what deployment tools need, step by step,
/// showing progress; nothing is started and no secret value is written.
/// </summary>
internal static class PublishCommand
{
    public static int Run(DistributedApplicationBuilder builder, ILogSink log)
    {
        var output = Path.GetFullPath(builder.Command.GetOption("output") ?? Path.Combine("deploy", "out"), Directory.GetCurrentDirectory());
        Directory.CreateDirectory(output);
        ResourceGraphCheck(builder);

        Step(log, 1, "aspire-manifest.json", () =>
        {
            var manifest = AspireManifestWriter.Write(builder.Resources, output);
            File.WriteAllText(Path.Combine(output, "aspire-manifest.json"), manifest);
            return $"{builder.Resources.Count} resources";
        });

        log.Info($"Published to {output}");
        return 0;
    }

    private static void ResourceGraphCheck(DistributedApplicationBuilder builder) => ResourceGraph.Validate(builder.Resources);

    private static void Step(ILogSink log, int number, string name, Func<string> action)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        log.Info($"[{number}] {name}…");
        var summary = action();
        log.Info($"[{number}] {name}: {summary} ({clock.Elapsed.TotalMilliseconds:0} ms)");
    }
}
