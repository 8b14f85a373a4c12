namespace Reference.Placement.Clusters;

/// <summary>
/// How a cluster provides PostgreSQL or Redis: a managed product (its name, e.g. "amazon-rds")
/// or <c>in-cluster</c>, where the publisher deploys the server itself.
/// </summary>
public sealed record DataServiceOffering(string Product)
{
    public const string InClusterName = "in-cluster";

    public static DataServiceOffering InCluster { get; } = new(InClusterName);

    public bool IsManaged => !string.Equals(Product, InClusterName, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Product;
}
