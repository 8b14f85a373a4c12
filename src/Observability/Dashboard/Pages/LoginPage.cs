using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Dashboard.Pages;

/// <summary>Login as Aspire's dashboard does: the AppHost prints /login?t=&lt;token&gt;; the token buys a browser cookie.</summary>
internal static class LoginPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string? t, string? returnUrl, IOptions<DashboardOptions> options)
    {
        if (t is not null)
        {
            return await SignInAsync(http, t, returnUrl, options.Value);
        }
        return Form(returnUrl, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, IOptions<DashboardOptions> options)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return await SignInAsync(http, form["token"].ToString(), form["returnUrl"].ToString(), options.Value);
    }

    public static async Task<IResult> LogoutAsync(HttpContext http)
    {
        await http.SignOutAsync(DashboardAccess.CookieScheme);
        return Results.Redirect(DashboardAccess.LoginPath);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, string token, string? returnUrl, DashboardOptions options)
    {
        if (!DashboardAccess.IsBrowserToken(options.BrowserToken, token))
        {
            return Form(returnUrl, string.IsNullOrEmpty(options.BrowserToken)
                ? "This dashboard has no browser token configured (Dashboard:BrowserToken); use a platform token with the API instead."
                : "That token is not the one the AppHost printed. Copy the Dashboard: line from the AppHost's output.", StatusCodes.Status401Unauthorized);
        }
        await DashboardAccess.SignInAsync(http);
        // Only local paths: the login must not become an open redirect.
        return Results.Redirect(returnUrl is { Length: > 1 } && returnUrl[0] == '/' && returnUrl[1] != '/' && returnUrl[1] != '\\' ? returnUrl : "/resources");
    }

    private static IResult Form(string? returnUrl, string? error, int status)
    {
        var html = new Html()
            .Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Log in · Reference platform</title>")
            .Raw("<style>body{font-family:system-ui,sans-serif;background:#0f172a;display:flex;align-items:center;justify-content:center;height:100vh;margin:0}")
            .Raw("form{background:#fff;padding:28px;border-radius:8px;width:360px;display:flex;flex-direction:column;gap:12px}input,button{font:inherit;padding:8px;border:1px solid #cbd5e1;border-radius:4px}")
            .Raw("button{background:#2563eb;color:#fff;border-color:#2563eb}.error{color:#b91c1c;font-size:14px}p{color:#475569;font-size:14px;margin:0}</style></head><body>")
            .Raw("<form method=\"post\" action=\"/login\"><h1 style=\"margin:0;font-size:20px\">Reference platform dashboard</h1>")
            .Raw("<p>Paste the token from the <code>Dashboard:</code> line that the AppHost printed at start.</p>");
        if (error is not null)
        {
            html.Element("div", error, "error");
        }
        html.Raw("<input name=\"token\" type=\"password\" autocomplete=\"off\" placeholder=\"Browser token\" aria-label=\"Browser token\" required>")
            .Raw("<input type=\"hidden\" name=\"returnUrl\" value=\"").Text(returnUrl).Raw("\"><button type=\"submit\">Log in</button></form></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
