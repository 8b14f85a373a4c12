namespace Reference.FeatureStore.Offline;

// Entity rows stored once and referenced by name in historical retrievals (Feast's entity_df as a table).
public sealed record EntitySet(string Name, string[] Columns, long Rows, DateTimeOffset CreatedAt, string CreatedBy);
