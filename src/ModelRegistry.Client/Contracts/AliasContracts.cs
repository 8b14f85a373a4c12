namespace Reference.ModelRegistry.Client;

public sealed record SetAliasRequest(int? Version);

public static class AliasEnvironments
{
    // The environment that alias requests without ?environment= address (and that MLflow's read paths show).
    public const string Default = "production";
}
