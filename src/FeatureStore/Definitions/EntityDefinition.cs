namespace Reference.FeatureStore.Definitions;

// PUT /api/entities/{name} body.
public sealed record EntityRequest(string[]? JoinKeys, string? Description);

// An entity: what feature rows are about (a card, a merchant), identified by its join keys.
public sealed record EntityDefinition(string Name, string[] JoinKeys, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
