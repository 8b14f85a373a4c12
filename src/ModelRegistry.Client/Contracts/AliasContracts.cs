namespace Reference.ModelRegistry.Client;

public sealed record SetAliasRequest(int? Version);
