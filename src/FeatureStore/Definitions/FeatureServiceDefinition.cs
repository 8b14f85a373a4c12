namespace Reference.FeatureStore.Definitions;

// PUT /api/feature-services/{name} body: references "view:feature" or "view:*".
public sealed record FeatureServiceRequest(string[]? Features);

public sealed record FeatureServiceDefinition(string Name, string[] Features, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
