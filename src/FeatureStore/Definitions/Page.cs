namespace Reference.FeatureStore.Definitions;

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

// Lists are ordered by name; the cursor is the last name of the previous page.
public sealed record NameCursor(string After);

public sealed record FeatureViewVersion(string Name, int Version, FeatureViewSpec Spec, DateTimeOffset CreatedAt, string CreatedBy);
