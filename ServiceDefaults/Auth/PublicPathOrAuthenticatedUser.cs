using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Reference.ServiceDefaults;

// The fallback policy: every endpoint needs an authenticated caller, except probes and API documents.
internal sealed class PublicPathOrAuthenticatedUser : AuthorizationHandler<PublicPathOrAuthenticatedUser>, IAuthorizationRequirement
{
    private static readonly PathString[] PublicPrefixes = ["/health", "/alive", "/v2/health", "/openapi"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PublicPathOrAuthenticatedUser requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true || (context.Resource is HttpContext http && IsPublic(http.Request.Path)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    private static bool IsPublic(PathString path)
    {
        foreach (var prefix in PublicPrefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }
        return false;
    }
}
