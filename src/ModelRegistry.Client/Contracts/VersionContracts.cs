using System.Text.Json;

namespace Reference.ModelRegistry.Client;

// The "metadata" part of a version upload. DataProfile is kept as the trainer wrote it (Reference.Learning's DataProfile).
public sealed record VersionMetadata(
    string? SourceRunId = null,
    string? Algorithm = null,
    Dictionary<string, JsonElement>? Hyperparameters = null,
    Dictionary<string, double>? Metrics = null,
    ModelSignature? Signature = null,
    JsonElement? DataProfile = null,
    ModelLineage? Lineage = null,
    string? Description = null,
    Dictionary<string, string>? Tags = null,
    string? ExpectedSha256 = null);

public sealed record ModelSignature(IReadOnlyList<SignatureField>? Inputs, IReadOnlyList<SignatureField>? Outputs);

public sealed record SignatureField(string? Name, string? Type, bool Required = true);

public sealed record ModelLineage(
    string? TrainingJobId = null,
    string? DatasetSha256 = null,
    IReadOnlyList<FeatureViewReference>? FeatureViews = null,
    string? Classification = null,
    string? Residency = null);

public sealed record FeatureViewReference(string? Name, int? Version);

public sealed record ArtifactInfo(string Sha256, long SizeBytes);

// Aliases are those the version holds in the default environment (production); EnvironmentAliases lists them per environment.
public sealed record ModelVersion(
    string Model,
    int Version,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    string? SourceRunId,
    string? Algorithm,
    IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    IReadOnlyDictionary<string, double> Metrics,
    ModelSignature? Signature,
    ModelLineage Lineage,
    ArtifactInfo Artifact,
    IReadOnlyList<string> Aliases,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? EnvironmentAliases = null);

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateVersionRequest(string? Description = null, Dictionary<string, string?>? Tags = null);

public sealed record VersionLineage(string Model, int Version, string? SourceRunId, ModelLineage Lineage, ArtifactInfo Artifact);
