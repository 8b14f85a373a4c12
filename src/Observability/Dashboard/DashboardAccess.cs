using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Reference.ServiceDefaults;

namespace Reference.Observability.Dashboard;

/// <summary>
/// Who may read telemetry: a browser that logged in with the token the AppHost printed (a cookie, as Aspire's
/// dashboard does), or any caller with a platform token (viewer or above).
/// </summary>
public static class DashboardAccess
{
    public const string Policy = "DashboardOrViewer";
    public const string CookieScheme = "DashboardCookie";
    public const string LoginPath = "/login";

    public static IHostApplicationBuilder AddDashboardAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(CookieScheme, options =>
        {
            options.LoginPath = LoginPath;
            options.Cookie.Name = ".reference.dashboard";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            // API callers get 401 (problem+json comes from the fallback), browsers a redirect to the login page.
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                }
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(CookieScheme, JwtBearerDefaults.AuthenticationScheme)
            .RequireAssertion(context =>
                context.User.HasClaim(ClaimTypes.AuthenticationMethod, CookieScheme)
                || Roles.All.Any(context.User.IsInRole)));
        return builder;
    }

    /// <summary>
    /// For pages: a browser without the cookie (and without a platform token) is sent to the login page rather than
    /// answered 401, as the authorization middleware would.
    /// </summary>
    public static async ValueTask<object?> RequireLoginAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var cookie = await http.AuthenticateAsync(CookieScheme);
        if (cookie.Succeeded)
        {
            http.User = cookie.Principal;
            return await next(context);
        }
        if (http.User.Identity?.IsAuthenticated == true && Roles.All.Any(http.User.IsInRole))
        {
            return await next(context);
        }
        return Results.Redirect($"{LoginPath}?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
    }

    /// <summary>Constant-time comparison with the configured browser token.</summary>
    public static bool IsBrowserToken(string? configured, string? presented) =>
        !string.IsNullOrEmpty(configured) && presented is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(configured), Encoding.UTF8.GetBytes(presented));

    public static Task SignInAsync(HttpContext http) =>
        http.SignInAsync(CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "dashboard"), new Claim(ClaimTypes.AuthenticationMethod, CookieScheme)], CookieScheme)));
}
