using System.Security.Claims;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Infrastructure;

internal static class CallerExtensions
{
    // The audit actor: the token's subject (services' tokens carry their service name).
    public static string Actor(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";

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
