namespace Reference.ModelRegistry.Client;

// One alias change, as served on /api/events (SSE id = Id, event = Kind).
public sealed record RegistryEvent(long Id, string Kind, string Model, string Alias, int? Version, int? PreviousVersion, string Actor, DateTimeOffset At, string Environment = AliasEnvironments.Default);

public static class RegistryEventKinds
{
    public const string AliasSet = "alias-set";
    public const string AliasDeleted = "alias-deleted";
}
