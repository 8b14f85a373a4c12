namespace Reference.Placement.Solver;

/// <summary>
/// Calls between two workloads (<see cref="First"/> &lt; <see cref="Second"/> by index), both
/// directions, with the cost of every pair of their candidates precomputed.
/// </summary>
internal sealed class CallEdge
{
    public required int First { get; init; }

    public required int Second { get; init; }

    /// <summary>GB per month the first receives from the second (the first calls the second).</summary>
    public required double FirstCallsSecondGb { get; init; }

    public required double SecondCallsFirstGb { get; init; }

    /// <summary>Cost of the pair (first's candidate i, second's candidate j) at [i * secondCount + j].</summary>
    public long[] PairCosts { get; set; } = [];

    public int SecondCount { get; set; }

    public long Cost(int firstCandidate, int secondCandidate) => PairCosts[firstCandidate * SecondCount + secondCandidate];
}
