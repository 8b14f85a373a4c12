using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.TrainingRunner.Jobs;

// POST /api/jobs: the use case's training section, with the data to train on named explicitly.
public sealed record JobRequest(
    string? UseCase,
    string? Model,
    string? FeatureService,
    LabelSource? Labels,
    string? EntitySet,
    TimeWindow? TimeWindow,
    string? Algorithm,
    Dictionary<string, JsonElement>? Hyperparameters,
    ValidationSplit? Validation,
    PromotionGates? Gates,
    JobPlacement? Placement,
    int? MaxAttempts = null);

public sealed record LabelSource(string? FeatureView, string? Column);

// Entity rows whose event_timestamp falls in [start, end) are trained on; either bound may be left out.
public sealed record TimeWindow(DateTimeOffset? Start, DateTimeOffset? End);

public sealed record ValidationSplit(string? Split, double? Fraction, ulong? Seed = null);

// The use case's gates for promotion to champion: metric at least min and at most max (either or both; rmse and other
// errors take max), and not worse than the champion by more than maxRegression (worse: lower auc, higher rmse).
public sealed record PromotionGates(string? Metric, double? Min, double? MaxRegression, double? Max = null);

// pool: run only there. pools: the order to try (the preferred pool first; default on-prem pools first).
public sealed record JobPlacement(string? Pool, bool? RequiresGpu, IReadOnlyList<string>? Pools = null);

public sealed record CancelJobRequest(string? Reason);

public sealed record DriftTriggerRequest(string? Model, string? Reason);

public sealed record DriftTriggerResult(bool Started, string JobId, string Model, string Detail, DateTimeOffset NextAllowedAt);

public sealed record TrainingJob(
    string Id,
    string UseCase,
    string Model,
    string State,
    string? Stage,
    double Percent,
    int Attempts,
    int MaxAttempts,
    string? Pool,
    string Trigger,
    string Classification,
    string Residency,
    JobPlacementDecision? Placement,
    string? Error,
    JobOutcome? Result,
    JobRequest Request,
    string SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

// Where the job ran and why: the pool, whether it burst out of its preferred pool, and the reason in words.
public sealed record JobPlacementDecision(string Pool, bool Burst, string Reason, IReadOnlyList<string> EligiblePools, DateTimeOffset DecidedAt);

public sealed record JobOutcome(
    int Version,
    string Model,
    IReadOnlyDictionary<string, double> Metrics,
    string DatasetSha256,
    long TrainingRows,
    long ValidationRows,
    IReadOnlyList<string> Aliases,
    PromotionOutcome? Promotion);

// What happened to the champion promotion: requested (with the registry's id and status) or why not.
public sealed record PromotionOutcome(bool Requested, long? PromotionId, string? Status, string Detail);

public sealed record JobPage(IReadOnlyList<TrainingJob> Items, string? NextPageToken);

public sealed record JobEvent(long Id, string Kind, DateTimeOffset At, JsonElement Data);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobRequest))]
[JsonSerializable(typeof(TrainingJob))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(JobOutcome))]
[JsonSerializable(typeof(JobPlacementDecision))]
[JsonSerializable(typeof(CancelJobRequest))]
[JsonSerializable(typeof(DriftTriggerRequest))]
[JsonSerializable(typeof(DriftTriggerResult))]
[JsonSerializable(typeof(JobEvent))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, object>))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;

public static class JobStates
{
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Succeeded, Failed, Cancelled];

    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled;
}

public static class JobStages
{
    public const string FetchingData = "FetchingData";
    public const string Splitting = "Splitting";
    public const string Training = "Training";
    public const string Evaluating = "Evaluating";
    public const string Profiling = "Profiling";
    public const string Registering = "Registering";
    public const string Promoting = "Promoting";
}
