namespace Reference.Observability.Predictions;

/// <summary>One scored request as serving samples it: the model version, when, its input features and its outputs (JSON objects).</summary>
public sealed record PredictionSample(string Model, int Version, DateTimeOffset Timestamp, string FeaturesJson, string? OutputsJson);

public sealed record PredictionsAccepted(int Accepted);
