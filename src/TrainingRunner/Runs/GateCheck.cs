using System.Globalization;
using Reference.TrainingRunner.Jobs;

namespace Reference.TrainingRunner.Runs;

// The use case's gates as the runner checks them before asking for a promotion (the registry checks its own
// policy again when the promotion is approved): metric at least min, at most max, and not worse than the champion by
// more than maxRegression. For lower-is-better metrics (loss, error) "worse" means higher.
public static class GateCheck
{
    private static readonly HashSet<string> LowerIsBetter = ["logLoss", "rmse", "mae", "expectedCalibrationError"];

    public static bool IsLowerBetter(string metric) => LowerIsBetter.Contains(metric);

    public static (bool Passed, string Detail) Evaluate(PromotionGates gates, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, double>? champion, int? championVersion)
    {
        var metric = gates.Metric!;
        if (!metrics.TryGetValue(metric, out var value))
        {
            return (false, $"the model has no metric '{metric}' (it has {string.Join(", ", metrics.Keys)}).");
        }
        var parts = new List<string>();
        var passed = true;
        if (gates.Min is { } min)
        {
            var ok = value >= min;
            passed &= ok;
            parts.Add($"{metric} {F(value)} {(ok ? "meets" : "is below")} the minimum {F(min)}");
        }
        if (gates.Max is { } max)
        {
            var ok = value <= max;
            passed &= ok;
            parts.Add($"{metric} {F(value)} {(ok ? "meets" : "is above")} the maximum {F(max)}");
        }
        if (gates.MaxRegression is { } tolerance && champion is not null && champion.TryGetValue(metric, out var current))
        {
            var worseBy = IsLowerBetter(metric) ? value - current : current - value;
            var ok = worseBy <= tolerance + 1e-12;
            passed &= ok;
            parts.Add($"{(ok ? "within" : "beyond")} {F(tolerance)} of champion v{championVersion} ({F(current)})");
        }
        return (passed, parts.Count == 0 ? $"{metric} is {F(value)}." : string.Join("; ", parts) + ".");
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
