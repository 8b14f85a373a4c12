namespace Reference.Placement.Clusters;

/// <summary>
/// The External Secrets Operator store a cluster reads secrets from (clusters.yaml <c>secretStore</c>): publish writes
/// ExternalSecret objects against it instead of leaving Secrets to be created by hand. Keys are
/// <c>{KeyPrefix}{cluster}/{secret}</c>, one property per key of the Secret.
/// </summary>
public sealed record SecretStoreRef(string Name, string Kind = SecretStoreRef.ClusterSecretStore, string KeyPrefix = "")
{
    public const string ClusterSecretStore = "ClusterSecretStore";
    public const string SecretStore = "SecretStore";
}
