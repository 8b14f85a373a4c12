namespace Reference.FeatureStore.Client;

// The parts of the feature store's definitions that a reader needs (GET /api/feature-views/{name}, /api/feature-services/{name}).
public sealed record FeatureViewInfo(
    string Name,
    int Version,
    string[] JoinKeys,
    string? Ttl,
    FeatureFieldInfo[] Features,
    string Classification,
    string Residency,
    bool Online);

public sealed record FeatureFieldInfo(string Name, string Type);

public sealed record FeatureServiceInfo(string Name, string[] Features);
