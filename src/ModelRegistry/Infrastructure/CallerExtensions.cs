using System.Security.Claims;
using System.Text.Json;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Infrastructure;

internal static class CallerExtensions
{
    private const string ActClaim = "act";

    // The audit actor: the token's subject (services' tokens carry their service name).
    public static string Actor(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";

    // Who acted for the subject: the "act" claim of OAuth token exchange (RFC 8693), {"sub": "training-runner"} when
    // the training runner acts for the person who submitted a job. The outermost actor is the current one; null when
    // the subject acts directly.
    public static string? ActingParty(this ClaimsPrincipal user)
    {
        if (user.FindFirst(ActClaim)?.Value is not { Length: > 0 } act)
        {
            return null;
        }
        if (!act.StartsWith('{'))
        {
            return act;
        }
        try
        {
            using var document = JsonDocument.Parse(act);
            return document.RootElement.TryGetProperty(PlatformClaims.Subject, out var subject) && subject.ValueKind == JsonValueKind.String
                ? subject.GetString()
                : act;
        }
        catch (JsonException)
        {
            return act;
        }
    }

    public static bool HasAnyRole(this ClaimsPrincipal user, params string[] roles)
    {
        foreach (var role in roles)
        {
            if (user.IsInRole(role))
            {
                return true;
            }
        }
        return user.IsInRole(Roles.Admin);
    }
}
