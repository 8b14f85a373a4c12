namespace Reference.Placement.Clusters;

/// <summary>
/// Price per GB of data leaving a cluster, by where it goes. Data moving between two clusters is
/// charged at the sending cluster's price for the kind of hop (see <see cref="Costs.TransferPricing"/>).
/// </summary>
/// <param name="Internet">To users on the internet (serving responses).</param>
/// <param name="InterRegion">To another region of the same provider.</param>
/// <param name="InterCloud">To another cloud provider (billed as internet egress by the clouds).</param>
/// <param name="Interconnect">Over a private interconnect between a cloud and on-prem.</param>
/// <param name="IntraRegion">To another cluster in the same region of the same provider.</param>
public sealed record EgressPrices(double Internet, double InterRegion, double InterCloud, double Interconnect, double IntraRegion = 0);
