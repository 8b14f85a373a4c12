using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Promotions;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Aliases;

// Each alias points to a version per environment ("champion" in staging and in production are two pointers).
// Requests that name no environment address the default one, so clients written before environments keep working.
internal static class AliasEnvironment
{
    public const string Default = AliasEnvironments.Default;

    // The environment a request addresses, or null after adding a validation error.
    public static string? Resolve(string? requested, ValidationErrors errors, string field = "environment")
    {
        if (requested is null)
        {
            return Default;
        }
        if (!PromotionRules.IsEnvironment(requested))
        {
            errors.Add(field, $"'{requested}' is not an environment name: lower-case letters, digits and '-', starting with a letter (such as staging or production); leave it out for '{Default}'.");
            return null;
        }
        return requested;
    }

    // A protected alias is protected in every environment unless its rule lists environments; then only in those.
    public static bool IsProtected(ProtectedAlias? rule, string environment) =>
        rule is not null && (rule.Environments is not { Count: > 0 } environments || environments.Contains(environment));
}
