namespace Reference.Placement.Solver;

/// <summary>
/// Remaining capacity of every cluster in every dimension: 0 = vCPU, 1 = memory GB, then one
/// dimension per GPU type. Shared by all workloads, which is what couples their choices.
/// </summary>
internal sealed class CapacityLedger
{
    // Capacity figures are sums of user-given decimals; this keeps 0.1 + 0.2 from failing to fit in 0.3.
    private const double Tolerance = 1e-9;

    private readonly double[] _remaining;

    public CapacityLedger(int clusters, int dimensions, Func<int, int, double> capacity)
    {
        Dimensions = dimensions;
        _remaining = new double[clusters * dimensions];
        for (var c = 0; c < clusters; c++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                _remaining[c * dimensions + d] = capacity(c, d);
            }
        }
    }

    private CapacityLedger(CapacityLedger other)
    {
        Dimensions = other.Dimensions;
        _remaining = (double[])other._remaining.Clone();
    }

    public int Dimensions { get; }

    public CapacityLedger Copy() => new(this);

    public double Remaining(int cluster, int dimension) => _remaining[cluster * Dimensions + dimension];

    public bool Fits(Candidate candidate)
    {
        foreach (var (cluster, dimension, amount) in candidate.Demands)
        {
            if (_remaining[cluster * Dimensions + dimension] + Tolerance < amount)
            {
                return false;
            }
        }

        return true;
    }

    public void Take(Candidate candidate)
    {
        foreach (var (cluster, dimension, amount) in candidate.Demands)
        {
            _remaining[cluster * Dimensions + dimension] -= amount;
        }
    }

    public void Release(Candidate candidate)
    {
        foreach (var (cluster, dimension, amount) in candidate.Demands)
        {
            _remaining[cluster * Dimensions + dimension] += amount;
        }
    }
}
