namespace Reference.Observability.Infrastructure;

/// <summary>Retention per kind of telemetry (configuration section "Retention"); durations like 24h or 7d.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    public string Spans { get; set; } = "24h";

    public string Logs { get; set; } = "24h";

    public string Metrics { get; set; } = "7d";

    public string Predictions { get; set; } = "7d";

    /// <summary>How often expired rows are deleted.</summary>
    public string SweepInterval { get; set; } = "1m";
}

/// <summary>The ingest queue (configuration section "Ingest").</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Export requests waiting to be written; one more is answered 429 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Rows the writer gathers from several requests into one transaction.</summary>
    public int MaxRowsPerWrite { get; set; } = 20_000;

    public int MaxRequestBytes { get; set; } = 16 * 1024 * 1024;

    public int RetryAfterSeconds { get; set; } = 2;
}

/// <summary>Drift detection (configuration section "Drift").</summary>
public sealed class DriftOptions
{
    public const string SectionName = "Drift";

    public string Window { get; set; } = "1h";

    public int MinRows { get; set; } = 200;

    /// <summary>
    /// Distances with fixed thresholds (Wasserstein, Jensen–Shannon) are used only when both the training profile and
    /// the live window have more values than this; otherwise KS and chi-square p-values (see DriftDetector).
    /// </summary>
    public int LargeSampleRows { get; set; } = Drift.DriftDetector.DefaultLargeSampleRows;

    /// <summary>How often every served model version is evaluated.</summary>
    public string Interval { get; set; } = "1m";

    /// <summary>At most one retrain trigger per model in this period.</summary>
    public string Cooldown { get; set; } = "6h";

    /// <summary>The resource that trains models; called through service discovery.</summary>
    public string TrainingRunner { get; set; } = "training-runner";

    /// <summary>The registry, for each version's training data profile.</summary>
    public string ModelRegistry { get; set; } = "model-registry";
}

/// <summary>The dashboard (configuration section "Dashboard"), filled in by the AppHost locally.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The secret the AppHost prints as /login?t=...; without it only platform tokens log in.</summary>
    public string? BrowserToken { get; set; }

    /// <summary>The AppHost's .platform/run/endpoints.json.</summary>
    public string? RunStateFile { get; set; }

    /// <summary>The folder of each resource's console log (.platform/run/logs/&lt;resource&gt;.log).</summary>
    public string? LogsDirectory { get; set; }

    /// <summary>The publish step's placement.json.</summary>
    public string? PlacementPlan { get; set; }

    /// <summary>When deployed: name=url pairs whose /health the Resources page probes.</summary>
    public Dictionary<string, string> Endpoints { get; set; } = [];
}
