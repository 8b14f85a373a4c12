namespace Reference.FeatureStore.Materialization;

// POST /api/materialize {views?, start, end}; POST /api/materialize-incremental {views?, end}.
public sealed record MaterializationRequest(string[]? Views, DateTimeOffset? Start, DateTimeOffset? End);

public sealed record MaterializationStatus(
    Guid Id,
    string[] Views,
    bool Incremental,
    DateTimeOffset? Start,
    DateTimeOffset End,
    string State,
    long RowsDone,
    double RowsPerSecond,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

public static class MaterializationStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
