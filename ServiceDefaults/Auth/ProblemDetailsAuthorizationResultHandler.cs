using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.Tokens;

namespace Reference.ServiceDefaults;

// 401 and 403 as problem+json that say what the caller has to change.
internal sealed class ProblemDetailsAuthorizationResultHandler(IProblemDetailsService problemDetailsService) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _challengeOrForbid = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        await _challengeOrForbid.HandleAsync(next, context, policy, authorizeResult);
        if (authorizeResult.Succeeded || context.Response.HasStarted)
        {
            return;
        }

        var problem = authorizeResult.Challenged
            ? new ProblemDetails { Status = StatusCodes.Status401Unauthorized, Title = "Authentication required", Detail = await DescribeAuthenticationFailureAsync(context) }
            : new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = DescribeMissingPermission(authorizeResult.AuthorizationFailure) };
        context.Response.StatusCode = problem.Status!.Value;
        await problemDetailsService.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    // The handler caches its result per request, so asking again does not validate the token twice.
    private static async Task<string> DescribeAuthenticationFailureAsync(HttpContext context) =>
        (await context.AuthenticateAsync()).Failure switch
        {
            null => "Send a bearer token in the Authorization header.",
            SecurityTokenExpiredException => "The bearer token has expired; get a new one.",
            SecurityTokenNotYetValidException => "The bearer token is not valid yet; check the issuer's clock.",
            SecurityTokenInvalidSignatureException => "The bearer token's signature does not match a key this service trusts.",
            SecurityTokenInvalidIssuerException => "The bearer token comes from an issuer this service does not trust.",
            SecurityTokenInvalidAudienceException => "The bearer token is meant for another audience.",
            _ => "The bearer token is not valid.",
        };

    private static string DescribeMissingPermission(AuthorizationFailure? failure)
    {
        var roles = failure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault()?.AllowedRoles;
        return roles is null
            ? "The bearer token does not grant access to this resource."
            : $"This requires one of the roles: {string.Join(", ", roles)}.";
    }
}
