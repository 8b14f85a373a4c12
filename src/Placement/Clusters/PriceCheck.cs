namespace Reference.Placement.Clusters;

/// <summary>
/// How far a cluster's list prices were checked against a source: compute and egress each "verified" (read from the
/// cited pages on <see cref="CheckedOn"/>) or "estimate" (not confirmed; rough or derived). Plans name the estimates.
/// </summary>
public sealed record PriceCheck(string Compute, string Egress, DateOnly? CheckedOn, IReadOnlyList<string> Sources)
{
    public const string Verified = "verified";
    public const string Estimate = "estimate";

    public static PriceCheck Unchecked { get; } = new(Estimate, Estimate, null, []);

    public bool FullyVerified => Compute == Verified && Egress == Verified;
}
