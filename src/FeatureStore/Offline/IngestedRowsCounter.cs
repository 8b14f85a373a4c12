using System.Diagnostics.Metrics;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Offline;

// reference.feature_store.ingested_rows: rows stored in the offline store, per feature view and source (bulk "ingest"
// or "push"), counted once their transaction committed, so a rejected request or an idempotent replay adds nothing.
public sealed class IngestedRowsCounter(ServiceInstrumentation instrumentation)
{
    public const string Ingest = "ingest";
    public const string Push = "push";

    private readonly Counter<long> _rows = instrumentation.Meter.CreateCounter<long>(
        "reference.feature_store.ingested_rows", unit: "{row}", description: "Rows stored in the offline store by bulk ingestion and push.");

    public void Add(string view, long rows, string source) =>
        _rows.Add(rows, new KeyValuePair<string, object?>("feature_view", view), new KeyValuePair<string, object?>("source", source));
}
