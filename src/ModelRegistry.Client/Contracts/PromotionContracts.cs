namespace Reference.ModelRegistry.Client;

// Aliases that move only through an approved promotion request, with what a version must pass first.
public sealed record PromotionPolicy(IReadOnlyList<ProtectedAlias>? ProtectedAliases);

// Environments empty: protected (and promoted) in every environment; else only in those listed, and it moves
// directly elsewhere (e.g. protected in production, free in dev). EnvironmentApprovals overrides RequiredApprovals
// per environment ({"production": 2} with RequiredApprovals 1: two approvers for production, one elsewhere); each
// request counts only the approvals given to it, so approving staging's request never counts toward production's.
public sealed record ProtectedAlias(
    string? Alias,
    int RequiredApprovals = 1,
    IReadOnlyList<MetricGate>? MetricGates = null,
    IReadOnlyList<string>? AllowedResidencies = null,
    IReadOnlyList<string>? Environments = null,
    IReadOnlyDictionary<string, int>? EnvironmentApprovals = null);

// "auc >= 0.8 and not worse than the current holder by more than 0.01": {metric: auc, min: 0.8, maxRegression: 0.01}.
public sealed record MetricGate(string? Metric, double? Min = null, double? Max = null, double? MaxRegression = null, bool HigherIsBetter = true);

public sealed record CreatePromotionRequest(string? Alias, string? Environment, string? Reason);

public sealed record PromotionDecisionRequest(string? Comment);

public sealed record Promotion(
    long Id,
    string Model,
    int Version,
    string Alias,
    string Environment,
    string? Reason,
    string Status,
    string RequestedBy,
    int RequiredApprovals,
    IReadOnlyList<GateResult> Gates,
    IReadOnlyList<PromotionDecision> Decisions,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt);

public sealed record GateResult(string Gate, bool Passed, string Detail);

public sealed record PromotionDecision(string Actor, string Decision, string? Comment, DateTimeOffset At);

public static class PromotionStatuses
{
    public const string Pending = "pending";
    public const string Blocked = "blocked";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
