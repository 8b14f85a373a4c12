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
    DateTimeOffset? FinishedAt,
    int Attempts = 0,
    string? Worker = null);

public static class MaterializationStates
{
    public static readonly string[] All = [Queued, Running, Succeeded, Failed];

    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

// Lists of jobs page by id (newest first); the cursor is the last id of the previous page.
public sealed record MaterializationCursor(Guid Before);
