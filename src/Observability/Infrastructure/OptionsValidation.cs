using Microsoft.Extensions.Options;

namespace Reference.Observability.Infrastructure;

// Bad durations stop the service at start with the setting's name, rather than at the first sweep.
internal sealed class RetentionOptionsValidation : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.Spans, "Retention:Spans");
        Check(failures, options.Logs, "Retention:Logs");
        Check(failures, options.Metrics, "Retention:Metrics");
        Check(failures, options.Predictions, "Retention:Predictions");
        Check(failures, options.SweepInterval, "Retention:SweepInterval");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void Check(List<string> failures, string? value, string setting)
    {
        if (!DurationText.TryParse(value, out _))
        {
            failures.Add($"Setting '{setting}' must be a duration such as 24h, 7d, 30m or a number of seconds; it is '{value}'.");
        }
    }
}

internal sealed class DriftOptionsValidation : IValidateOptions<DriftOptions>
{
    public ValidateOptionsResult Validate(string? name, DriftOptions options)
    {
        var failures = new List<string>();
        RetentionOptionsValidation.Check(failures, options.Window, "Drift:Window");
        RetentionOptionsValidation.Check(failures, options.Interval, "Drift:Interval");
        RetentionOptionsValidation.Check(failures, options.Cooldown, "Drift:Cooldown");
        if (options.MinRows < 2)
        {
            failures.Add($"Setting 'Drift:MinRows' must be at least 2; it is {options.MinRows}.");
        }
        if (options.LargeSampleRows < 0)
        {
            failures.Add($"Setting 'Drift:LargeSampleRows' must be 0 or more (0: always distances); it is {options.LargeSampleRows}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
