namespace Reference.Placement.Solver;

/// <summary>The outcome of a search over candidate arrangements.</summary>
/// <param name="Assignment">Candidate index per workload (name order), or null if none was found.</param>
/// <param name="Cost">Its monthly cost in micro-dollars.</param>
/// <param name="Nodes">Search nodes visited.</param>
/// <param name="Complete">Whether the search ran to the end (so the result is proved optimal, or proved infeasible).</param>
/// <param name="LowerBound">No plan costs less (the cost itself when complete, else the root bound).</param>
internal sealed record SearchResult(int[]? Assignment, long Cost, long Nodes, bool Complete, long LowerBound = 0);
