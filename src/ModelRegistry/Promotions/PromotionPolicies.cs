using System.Text.Json;
using Reference.ModelRegistry.Aliases;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Versions;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Promotions;

// A model's promotion policy; without one, "champion" is protected and needs one approval.
internal static class PromotionPolicies
{
    public static readonly PromotionPolicy Default = new([new ProtectedAlias("champion", RequiredApprovals: 1)]);

    public static PromotionPolicy Parse(string? json) =>
        json is null ? Default : JsonSerializer.Deserialize(json, RegistryJsonContext.Default.PromotionPolicy) ?? Default;

    public static ProtectedAlias? Find(PromotionPolicy policy, string alias) =>
        policy.ProtectedAliases?.FirstOrDefault(p => string.Equals(p.Alias, alias, StringComparison.Ordinal));

    // Approvals a request for this environment needs: the environment's own count, else the rule's.
    public static int RequiredApprovals(ProtectedAlias rule, string environment) =>
        rule.EnvironmentApprovals is { } perEnvironment && perEnvironment.TryGetValue(environment, out var count) ? count : rule.RequiredApprovals;

    public static void Validate(PromotionPolicy policy, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rules = policy.ProtectedAliases ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var field = $"protectedAliases[{i}]";
            if (rule is null)
            {
                errors.Add(field, "Each protected alias is an object with at least 'alias'.");
                continue;
            }
            if (AliasName.Problem(rule.Alias) is { } aliasProblem)
            {
                errors.Add($"{field}.alias", aliasProblem);
            }
            else if (!seen.Add(rule.Alias!))
            {
                errors.Add($"{field}.alias", $"Alias '{rule.Alias}' appears twice.");
            }
            if (rule.RequiredApprovals is < 1 or > 10)
            {
                errors.Add($"{field}.requiredApprovals", "requiredApprovals is between 1 and 10.");
            }
            var gates = rule.MetricGates ?? [];
            for (var g = 0; g < gates.Count; g++)
            {
                var gate = gates[g];
                if (gate is null || string.IsNullOrWhiteSpace(gate.Metric))
                {
                    errors.Add($"{field}.metricGates[{g}].metric", "Each metric gate names a metric.");
                }
                else if (gate.Min is null && gate.Max is null && gate.MaxRegression is null)
                {
                    errors.Add($"{field}.metricGates[{g}]", "A metric gate needs min, max or maxRegression.");
                }
                else if (gate.MaxRegression is < 0)
                {
                    errors.Add($"{field}.metricGates[{g}].maxRegression", "maxRegression is how much worse than the current holder is tolerated: 0 or more.");
                }
            }
            foreach (var residency in rule.AllowedResidencies ?? [])
            {
                if (residency is null || !VersionMetadataRules.IsResidency(residency))
                {
                    errors.Add($"{field}.allowedResidencies", $"'{residency}' is not a residency (lower-case region names such as eu, us).");
                }
            }
            foreach (var environment in rule.Environments ?? [])
            {
                if (!PromotionRules.IsEnvironment(environment))
                {
                    errors.Add($"{field}.environments", $"'{environment}' is not an environment name (lower-case letters, digits, '-').");
                }
            }
            foreach (var (environment, count) in rule.EnvironmentApprovals ?? new Dictionary<string, int>())
            {
                if (!PromotionRules.IsEnvironment(environment))
                {
                    errors.Add($"{field}.environmentApprovals", $"'{environment}' is not an environment name (lower-case letters, digits, '-').");
                }
                else if (count is < 1 or > 10)
                {
                    errors.Add($"{field}.environmentApprovals.{environment}", "Required approvals are between 1 and 10.");
                }
                else if (!AliasEnvironment.IsProtected(rule, environment))
                {
                    errors.Add($"{field}.environmentApprovals.{environment}",
                        $"'{rule.Alias}' is not protected in '{environment}' (environments: {string.Join(", ", rule.Environments!)}), so no approvals apply there.");
                }
            }
        }
    }
}
