namespace Reference.Placement.Costs;

/// <summary>
/// Money inside the engine is a whole number of micro-dollars. Integer sums are exact and
/// associative, so the solver, the brute-force check and the report add up to the same figure
/// and equal-cost plans compare equal (ties are then broken by name, not by rounding noise).
/// </summary>
internal static class MicroDollars
{
    public const double PerDollar = 1_000_000;

    public static long FromDollars(double dollars) => (long)Math.Round(dollars * PerDollar, MidpointRounding.ToEven);

    public static decimal ToDollars(long micro) => micro / 1_000_000m;
}
