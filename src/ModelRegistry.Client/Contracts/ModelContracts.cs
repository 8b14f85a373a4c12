namespace Reference.ModelRegistry.Client;

public sealed record CreateModelRequest(string? Name, string? Description = null, Dictionary<string, string>? Tags = null, string? UseCase = null);

// PATCH semantics: a null field stays as it is; a tag with a null value is removed.
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record UpdateModelRequest(string? Description = null, Dictionary<string, string?>? Tags = null, string? UseCase = null);

// Aliases are those of the default environment (production); EnvironmentAliases has every environment's.
public sealed record RegisteredModel(
    string Name,
    string? Description,
    string? UseCase,
    IReadOnlyDictionary<string, string> Tags,
    int LatestVersion,
    IReadOnlyDictionary<string, int> Aliases,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string CreatedBy,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>? EnvironmentAliases = null);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
