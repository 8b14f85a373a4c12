using System.Globalization;
using Reference.Cli.Connection;
using Reference.Cli.Specs;

namespace Reference.Cli.Materialize;

// `platform materialize`: the latest offline values of the views that feature services serve, copied to the online
// store (Redis) by the feature store's materialization job, followed until it ends.
public sealed class Materialization(CliContext context)
{
    private const string FeatureStore = "feature-store";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<long> RunAsync(UseCaseSpec spec, DateTimeOffset? start, DateTimeOffset? end, CancellationToken cancellationToken)
    {
        var views = ServedViews(spec);
        long total = 0;
        foreach (var view in views)
        {
            var stats = await context.Platform.SendAsync(HttpMethod.Get, FeatureStore, $"/api/feature-views/{view}/stats", null, Roles.Viewer, cancellationToken);
            total += stats.GetProperty("rows").GetInt64();
        }

        var job = await context.Platform.SendAsync(HttpMethod.Post, FeatureStore, "/api/materialize",
            new { views, start = start ?? DateTimeOffset.UnixEpoch, end = end ?? DateTimeOffset.UtcNow }, Roles.MlEngineer, cancellationToken,
            idempotencyKey: Guid.NewGuid().ToString("N"));
        var id = job.GetProperty("id").GetString();
        var rows = await context.Terminal.TrackAsync($"Materializing {string.Join(", ", views)}", async line =>
        {
            while (true)
            {
                var status = await context.Platform.SendAsync(HttpMethod.Get, FeatureStore, $"/api/materializations/{id}", null, Roles.Viewer, cancellationToken);
                var state = status.GetProperty("state").GetString();
                var done = status.GetProperty("rowsDone").GetInt64();
                // Online rows are one per entity, fewer than the offline rows: the bar is an estimate, the count is exact.
                line.Report(done, Math.Max(total, 1), $"{done:N0} rows written, {state}");
                if (state == "succeeded")
                {
                    return done;
                }

                if (state == "failed")
                {
                    throw new CliException($"Materialization {id} failed: {status.GetProperty("error")}");
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        });
        context.Terminal.Done(string.Create(CultureInfo.InvariantCulture, $"Materialized {rows:N0} rows of {string.Join(", ", views)} to the online store."));
        return rows;
    }

    // The views the feature services read (what serving needs online); all the spec's views when it has no services.
    public static string[] ServedViews(UseCaseSpec spec)
    {
        var served = spec.FeatureServices.SelectMany(s => s.Features).Select(f => f.Split(':')[0]).Distinct(StringComparer.Ordinal).ToArray();
        return served.Length > 0 ? served : spec.FeatureViews.Select(v => v.Name!).ToArray();
    }
}
