namespace Reference.UseCases.SampleData;

// Rows to ingest per feature view (join keys, event_timestamp and features, by column name, in time order) and the
// entity set of label events that training joins features to (join keys and event_timestamp). Enumerated lazily and
// possibly more than once; each enumeration yields the same rows.
public sealed record SampleDataSet(
    IReadOnlyDictionary<string, IEnumerable<IReadOnlyDictionary<string, object?>>> ViewRows,
    string EntitySet,
    IEnumerable<IReadOnlyDictionary<string, object?>> EntityRows);
