using Reference.Placement.Plans;

namespace Reference.Placement.Costs;

/// <summary>One line of monthly cost, in micro-dollars, paid by <see cref="From"/>.</summary>
internal readonly record struct Charge(CostCause Cause, string Subject, int From, int To, double Gb, long Micro);
