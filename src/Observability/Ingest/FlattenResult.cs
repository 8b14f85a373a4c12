namespace Reference.Observability.Ingest;

/// <summary>What the receiver refused of an export request, for OTLP's partial success response.</summary>
internal readonly record struct FlattenResult(long Rejected, string? ErrorMessage)
{
    public static FlattenResult Accepted => default;
}
