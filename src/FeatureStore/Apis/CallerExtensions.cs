using System.Security.Claims;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Apis;

internal static class CallerExtensions
{
    // The audit actor: the token's subject.
    public static string Actor(this ClaimsPrincipal user) => user.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";
}
