using System.Globalization;
using Reference.ModelRegistry.Client;

namespace Reference.ModelRegistry.Promotions;

// Checks a candidate version against a protected alias's gates: absolute thresholds, regression against the
// version that holds the alias now, and where the model's training data may be used.
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(ProtectedAlias rule, ModelVersion candidate, ModelVersion? holder)
    {
        var results = new List<GateResult>();
        foreach (var gate in rule.MetricGates ?? [])
        {
            var metric = gate.Metric!;
            if (!candidate.Metrics.TryGetValue(metric, out var value))
            {
                results.Add(new GateResult($"{metric} present", false, $"Version {candidate.Version} has no metric '{metric}'."));
                continue;
            }
            if (gate.Min is { } min)
            {
                results.Add(new GateResult($"{metric} >= {F(min)}", value >= min, $"{metric} is {F(value)}."));
            }
            if (gate.Max is { } max)
            {
                results.Add(new GateResult($"{metric} <= {F(max)}", value <= max, $"{metric} is {F(value)}."));
            }
            if (gate.MaxRegression is { } tolerance)
            {
                var name = $"{metric} not worse than the current holder by more than {F(tolerance)}";
                if (holder is null || !holder.Metrics.TryGetValue(metric, out var current))
                {
                    results.Add(new GateResult(name, true, holder is null ? "No version holds the alias yet." : $"Version {holder.Version} has no '{metric}' to compare with."));
                    continue;
                }
                var worseBy = gate.HigherIsBetter ? current - value : value - current;
                results.Add(new GateResult(name, worseBy <= tolerance + 1e-12,
                    $"{metric} is {F(value)} against {F(current)} for version {holder.Version} ({(worseBy > 0 ? "worse" : "not worse")} by {F(Math.Abs(worseBy))})."));
            }
        }
        if (rule.AllowedResidencies is { Count: > 0 } residencies)
        {
            var residency = candidate.Lineage.Residency;
            results.Add(new GateResult($"residency in [{string.Join(", ", residencies)}]", residency is not null && residencies.Contains(residency),
                residency is null ? "The version's lineage has no residency." : $"The version's data residency is {residency}."));
        }
        return results;
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
