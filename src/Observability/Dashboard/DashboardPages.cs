using Reference.Observability.Dashboard.Pages;

namespace Reference.Observability.Dashboard;

public static class DashboardPages
{
    /// <summary>The server-rendered dashboard; everything but the login needs the browser cookie or a platform token.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet(DashboardAccess.LoginPath, LoginPage.ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(DashboardAccess.LoginPath, LoginPage.SubmitAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/logout", (Delegate)LoginPage.LogoutAsync).AllowAnonymous().ExcludeFromDescription();

        var pages = app.MapGroup("").AllowAnonymous().AddEndpointFilter(DashboardAccess.RequireLoginAsync).ExcludeFromDescription();
        pages.MapGet("/", () => Results.Redirect("/resources"));
        pages.MapGet("/resources", ResourcesPage.RenderAsync);
        pages.MapGet("/resources/{name}/console", ResourcesPage.ConsoleAsync);
        pages.MapGet("/traces", TracesPage.ListAsync);
        pages.MapGet("/traces/{traceId}", TracesPage.DetailAsync);
        pages.MapGet("/logs", LogsPage.RenderAsync);
        pages.MapGet("/metrics", MetricsPage.RenderAsync);
        pages.MapGet("/models", ModelsPage.RenderAsync);
        pages.MapGet("/drift", DriftPage.RenderAsync);
        pages.MapGet("/placement", PlacementPage.RenderAsync);
        return app;
    }
}
