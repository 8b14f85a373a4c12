using System.Text.Json.Serialization;

namespace Reference.ModelRegistry.Mlflow;

// MLflow's REST shapes (snake_case, timestamps in epoch milliseconds, versions as strings) for tools that speak it.
internal sealed record MlflowRegisteredModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("creation_timestamp")] long CreationTimestamp,
    [property: JsonPropertyName("last_updated_timestamp")] long LastUpdatedTimestamp,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("latest_versions")] IReadOnlyList<MlflowModelVersion> LatestVersions,
    [property: JsonPropertyName("tags")] IReadOnlyList<MlflowTag> Tags,
    [property: JsonPropertyName("aliases")] IReadOnlyList<MlflowAlias> Aliases);

internal sealed record MlflowModelVersion(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("creation_timestamp")] long CreationTimestamp,
    [property: JsonPropertyName("last_updated_timestamp")] long LastUpdatedTimestamp,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("current_stage")] string CurrentStage,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("tags")] IReadOnlyList<MlflowTag> Tags,
    [property: JsonPropertyName("aliases")] IReadOnlyList<string> Aliases);

internal sealed record MlflowTag([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("value")] string Value);

internal sealed record MlflowAlias([property: JsonPropertyName("alias")] string Alias, [property: JsonPropertyName("version")] string Version);

internal sealed record MlflowError([property: JsonPropertyName("error_code")] string ErrorCode, [property: JsonPropertyName("message")] string Message);

internal sealed record MlflowGetRegisteredModelResponse([property: JsonPropertyName("registered_model")] MlflowRegisteredModel RegisteredModel);

internal sealed record MlflowSearchResponse(
    [property: JsonPropertyName("registered_models")] IReadOnlyList<MlflowRegisteredModel> RegisteredModels,
    [property: JsonPropertyName("next_page_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken);

internal sealed record MlflowModelVersionResponse([property: JsonPropertyName("model_version")] MlflowModelVersion ModelVersion);

internal sealed record MlflowModelVersionsResponse([property: JsonPropertyName("model_versions")] IReadOnlyList<MlflowModelVersion> ModelVersions);

internal sealed record MlflowDownloadUriResponse([property: JsonPropertyName("artifact_uri")] string ArtifactUri);
