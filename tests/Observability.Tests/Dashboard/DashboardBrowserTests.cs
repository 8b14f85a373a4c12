using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Reference.Hosting.Testing;
using Reference.Learning.Data;
using Reference.Observability.Tests.Drift;
using Reference.Observability.Tests.Ingest;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Dashboard;

// A person's view: Debian's Chromium logs in with the printed token and opens every page after real traffic (the
// registry's own requests, exported by its real OTLP exporter) and a drifted model. Screenshots are kept as artifacts.
[Collection(ObservabilityCollection.Name)]
public sealed class DashboardBrowserTests(ObservabilityFixture fixture)
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task A_browser_logs_in_with_the_token_and_sees_the_waterfall_a_metric_chart_and_the_drift_plots()
    {
        await DebianChromium.EnsureInstalledAsync();
        var model = await DriveTrafficAsync();
        var baseUrl = fixture.App.GetEndpoint("observability");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = DebianChromium.ExecutablePath,
            Headless = true,
            Args = DebianChromium.Arguments,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        Directory.CreateDirectory(Screenshots);

        // Refused without the token, in with it.
        await page.GotoAsync("/traces");
        Assert.Contains("/login", page.Url);
        await page.FillAsync("input[name=token]", ObservabilityFixture.BrowserToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/traces");

        await page.GotoAsync("/resources");
        Assert.Equal(1, await page.Locator("tr[data-resource='model-registry']").CountAsync());
        await ShotAsync(page, "resources");

        // The trace list, then the waterfall of the registry's request trace: one bar per span, across the request's spans.
        await page.GotoAsync("/traces?service=model-registry&name=GET%20%2Fapi%2Fmodels%2F");
        await ShotAsync(page, "traces");
        await page.Locator("table.traces a").First.ClickAsync();
        await page.WaitForURLAsync("**/traces/*");
        Assert.True(await page.Locator("svg.waterfall rect.span-bar").CountAsync() >= 2, "The waterfall has fewer than two span bars");
        await ShotAsync(page, "trace-waterfall");

        await page.GotoAsync("/logs?service=model-registry");
        Assert.True(await page.Locator("table.logs tbody tr").CountAsync() > 0, "No log rows for the registry");
        await ShotAsync(page, "logs");

        // The registry's request duration chart has a drawn line.
        await page.GotoAsync("/metrics?name=http.server.request.duration&service=model-registry");
        Assert.True(await page.Locator("svg.line-chart path.series").CountAsync() > 0, "The metric chart has no line");
        await ShotAsync(page, "metrics");

        await page.GotoAsync("/models");
        Assert.Equal(1, await page.Locator($"[data-model='{model}']").CountAsync());
        await ShotAsync(page, "models");

        // The drifted model: its card, a plot per feature with training and live bars, and the pending retrain.
        await page.GotoAsync("/drift");
        var card = page.Locator($"[data-drift-model='{model}']");
        Assert.Equal(1, await card.CountAsync());
        Assert.Equal(4, await card.Locator("svg.distribution").CountAsync());
        Assert.True(await card.Locator("svg.distribution rect.live").CountAsync() > 0, "The drift plots have no live bars");
        Assert.Contains(model, await page.Locator("table.triggers").InnerTextAsync());
        await ShotAsync(page, "drift");

        await page.GotoAsync("/placement");
        Assert.Contains("No plan published yet", await page.InnerTextAsync("main"));
        await ShotAsync(page, "placement");
    }

    // The registry serves requests (its exporter sends their spans, logs and metrics here); a model drifts.
    private async Task<string> DriveTrafficAsync()
    {
        var registry = fixture.RegistryClient("ml-engineer");
        var model = OtlpIngestTests.Unique("browser");
        Assert.Equal(HttpStatusCode.Created, (await registry.PostAsJsonAsync("/api/models", new { name = model, description = "browser test" })).StatusCode);
        await DriftLoopTests.UploadVersionAsync(registry, model);
        var random = new SeededRandom(99);
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, 300).Select(i => new { model, version = 1, timestamp = now.AddSeconds(-i), features = TrainingData.Row(random, 1.0, true) });
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("service").PostAsJsonAsync("/api/predictions", samples)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync("/api/models")).StatusCode);

        var viewer = fixture.Client();
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/drift/triggers?model=" + model)).Contains(model), "the drift trigger");
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/traces?service=model-registry&name=GET /api/models/")).Contains("\"rootName\":\"GET /api/models/\""), "the registry's trace");
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/metrics")).Contains("http.server.request.duration"), "the registry's metrics");
        await Eventually.TrueAsync(async () =>
        {
            var chart = await viewer.GetAsync("/api/metrics/http.server.request.duration?service=model-registry");
            return chart.IsSuccessStatusCode && (await chart.Content.ReadAsStringAsync()).Contains("\"value\"");
        }, "two metric exports of the registry");
        return model;
    }

    private static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}
