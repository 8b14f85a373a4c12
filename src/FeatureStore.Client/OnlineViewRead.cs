namespace Reference.FeatureStore.Client;

// What to read from one feature view: its features and, per entity row, the encoded join key
// (see OnlineStoreLayout.Key). A null TTL means values never age out.
public sealed record OnlineViewRead(string View, IReadOnlyList<string> Features, TimeSpan? Ttl, IReadOnlyList<string> EntityKeys);
