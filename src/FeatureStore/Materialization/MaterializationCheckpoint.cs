namespace Reference.FeatureStore.Materialization;

// How far a job got: views before View are done; within View, every entity key ordered after After (the scan runs
// in descending key order) has been written and acknowledged by Redis. Start is the view's resolved start, kept so
// that a resumed incremental run reads the same range even if the watermark moved meanwhile.
public sealed record MaterializationCheckpoint(int View, DateTimeOffset? Start, string[]? After, long Rows, DateTime? Newest);
