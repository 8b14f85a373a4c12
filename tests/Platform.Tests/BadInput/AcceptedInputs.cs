namespace Reference.Platform.Tests.BadInput;

// Battery cases that a service rightly accepts (2xx), each with the reason its input is valid after all. Only reads
// are listed: the state check of the battery excepts nothing, so an accepted write would fail it anyway.
public static class AcceptedInputs
{
    private const string Filter =
        "a free-text search filter: any text is a valid question, and a filter that matches nothing answers an empty page " +
        "(the value only ever reaches SQL as a parameter)";

    private const string BlankFilter = "a blank filter means no filter, as an absent one does";

    private static readonly Rule[] Rules =
    [
        new("model-registry", "GET /api/models", "q", Filter + "; q is a name prefix"),
        new("model-registry", "GET /api/models", "useCase", Filter),
        new("model-registry", "GET /api/models", "tag", Filter + "; a tag filter is key or key:value, of any text"),
        new("model-registry", "GET /api/2.0/mlflow/registered-models/search", "filter", BlankFilter + " (MLflow returns every model)", OnlyBlank: true),
        new("training-runner", "GET /api/jobs", "model", Filter),
        new("observability", "GET /api/drift/triggers", "model", Filter),
        new("observability", "GET /api/logs", "service", Filter),
        new("observability", "GET /api/logs", "text", Filter + "; text is a substring of the log body"),
        new("observability", "GET /api/logs", "level", BlankFilter, OnlyBlank: true),
        new("observability", "GET /api/logs", "traceId", BlankFilter, OnlyBlank: true),
        new("observability", "GET /api/traces", "service", Filter),
        new("observability", "GET /api/traces", "name", Filter + "; name is a span name"),
        new("observability", "GET /api/traces", "minDurationMs", "durations are fractional milliseconds", Detail: "fraction"),
        new("observability", "GET /api/drift/{model}/versions/{version}", "model",
            "drift history is a query over stored samples, and observability does not own model names (the registry does): " +
            "a model it has no samples of has an empty history", Kind: "path parameter"),
    ];

    public static string? Reason(BadInputCase @case) => Rules.FirstOrDefault(r => r.Matches(@case))?.Reason;

    private sealed record Rule(string Service, string Operation, string Parameter, string Reason, bool OnlyBlank = false, string? Detail = null, string Kind = "query parameter")
    {
        public bool Matches(BadInputCase @case) =>
            @case.Operation.Service == Service && @case.Operation.Key == Operation && @case.Kind == Kind
            && @case.Detail.StartsWith(Parameter + ": ", StringComparison.Ordinal)
            && (!OnlyBlank || @case.Detail.EndsWith(": whitespace only", StringComparison.Ordinal))
            && (Detail is null || @case.Detail.EndsWith(": " + Detail, StringComparison.Ordinal));
    }
}
