using System.Globalization;
using Reference.Cli.Connection;
using Reference.Cli.Specs;
using Reference.UseCases.SampleData;

namespace Reference.Cli.Ingest;

// `platform ingest`: the use case's deterministic sample data into the feature store's offline tables, one streamed
// request per feature view, then the entity set of label events that training joins features to. The rows are
// shifted in time so that the newest event is now: the values are the same on every run, and the freshest
// features are within their views' TTL when served online.
public sealed class SampleIngestion(CliContext context)
{
    private const string FeatureStore = "feature-store";

    public async Task<IngestSummary> IngestAsync(UseCaseSpec spec, int? rows, int? seed, CancellationToken cancellationToken)
    {
        var sample = spec.SampleData
            ?? throw new CliException($"The spec of '{spec.Name}' has no sampleData section; add `sampleData: {{generator: <name>, rows: 10000, seed: 42}}`.", ExitCodes.Usage);
        var generator = SampleDataGenerators.Find(sample.Generator);
        var count = rows ?? sample.Rows ?? 10_000;
        if (count < 1)
        {
            throw new CliException($"--rows is {count}; give a positive number of rows.", ExitCodes.Usage);
        }

        var data = generator.Generate(count, seed ?? sample.Seed ?? 42);
        foreach (var view in data.ViewRows.Keys.Where(v => spec.FeatureViews.All(f => f.Name != v)))
        {
            throw new CliException($"The '{generator.Name}' generator writes feature view '{view}', which the spec does not declare; add it under featureViews.", ExitCodes.Usage);
        }

        var (newest, counts) = Survey(data);
        var shift = newest is { } last ? DateTimeOffset.UtcNow - last : TimeSpan.Zero;
        shift = TimeSpan.FromSeconds(Math.Floor(shift.TotalSeconds));

        long total = 0;
        foreach (var (view, viewRows) in data.ViewRows)
        {
            var expected = counts[view];
            var stored = await context.Terminal.TrackAsync($"Ingesting {view}", async line =>
            {
                using var response = await context.Platform.SendRawAsync(HttpMethod.Post, FeatureStore, $"/api/feature-views/{view}/rows",
                    RowStreamContent.Ndjson(viewRows, shift, done => line.Report(done, expected, $"{done:N0} of {expected:N0} rows")), Roles.MlEngineer, cancellationToken);
                var result = await PlatformClient.ReadAsync(response, cancellationToken);
                return result.GetProperty("rows").GetInt64();
            });
            total += stored;
        }

        var entityRows = counts[EntitySetKey];
        await context.Terminal.TrackAsync($"Storing entity set {data.EntitySet}", async line =>
        {
            using var response = await context.Platform.SendRawAsync(HttpMethod.Put, FeatureStore, $"/api/entity-sets/{data.EntitySet}",
                RowStreamContent.EntityRows(data.EntityRows, shift, done => line.Report(done, entityRows, $"{done:N0} of {entityRows:N0} rows")), Roles.MlEngineer, cancellationToken);
            return true;
        });

        var summary = new IngestSummary(total, data.ViewRows.Count, data.EntitySet, entityRows, newest + shift);
        context.Terminal.Done(string.Create(CultureInfo.InvariantCulture,
            $"Ingested {total:N0} rows into {data.ViewRows.Count} feature views and {entityRows:N0} label events into entity set {data.EntitySet} (seed {seed ?? sample.Seed ?? 42}, newest event now)."));
        return summary;
    }

    private const string EntitySetKey = "\0entity-set";

    // One pass over the generated rows: how many each view has, and the newest event time (to shift by).
    private static (DateTimeOffset? Newest, Dictionary<string, long> Counts) Survey(SampleDataSet data)
    {
        DateTimeOffset? newest = null;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        void Visit(string key, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
        {
            long n = 0;
            foreach (var row in rows)
            {
                n++;
                if (row.TryGetValue("event_timestamp", out var value) && value is DateTimeOffset at && (newest is null || at > newest))
                {
                    newest = at;
                }
            }

            counts[key] = n;
        }

        foreach (var (view, rows) in data.ViewRows)
        {
            Visit(view, rows);
        }

        Visit(EntitySetKey, data.EntityRows);
        return (newest, counts);
    }
}

public sealed record IngestSummary(long Rows, int Views, string EntitySet, long EntityRows, DateTimeOffset? Newest);
