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

// A person's view: Debian's Chromium logs in with the printed token and opens every page after a real run of the sample
// use case (a fraud champion served by serving's two replicas, its traffic drifting; every service exporting with its
// real OTLP exporter). Screenshots are kept as artifacts.
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
        Assert.True(await page.Locator("tr[data-resource='serving']").CountAsync() >= 1, "serving is not on the Resources page");
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

        // Serving's request traces, and its latency histogram (one line per replica, version and role) charted.
        await page.GotoAsync("/traces?service=serving&name=%2Fapi%2Fpredict%2F");
        Assert.Contains("/api/predict/", await page.Locator("table.traces").InnerTextAsync());
        await page.GotoAsync("/metrics?name=reference.serving.inference.duration&service=serving");
        Assert.True(await page.Locator("svg.line-chart path.series").CountAsync() > 0, "The serving latency chart has no line");
        await ShotAsync(page, "metrics");

        // The served model: its champion, and serving's requests, rate and latency for that version.
        await page.GotoAsync("/models");
        var modelCard = page.Locator($"[data-model='{model}']");
        Assert.Equal(1, await modelCard.CountAsync());
        Assert.Contains("champion", await modelCard.InnerTextAsync());
        var servedVersion = modelCard.Locator("table.serving tr[data-serving-version='1'] td.requests");
        Assert.True(long.Parse(await servedVersion.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1, "No serving requests shown for v1");
        Assert.Contains("drifted", await modelCard.Locator("table.serving tr[data-serving-version='1'] td.drift").InnerTextAsync());
        Assert.True(await modelCard.Locator(".serving-rate svg.line-chart path.series").CountAsync() > 0, "The per-version request rate chart has no line");
        Assert.True(await modelCard.Locator(".serving-latency svg.line-chart path.series").CountAsync() > 0, "The per-version latency chart has no line");
        await modelCard.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Screenshots, "models-served.png") });
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

    // The sample use case's loop: a fraud champion served by both serving replicas answers entity requests (features
    // from the online store) and Open Inference Protocol requests whose amounts and channels have moved away from the
    // training data; serving's spans, metrics and prediction samples arrive here, and the model drifts.
    private async Task<string> DriveTrafficAsync()
    {
        var served = new ServedFraudModel(fixture, fixture.ServedModel);
        await served.DeployAsync();
        var model = served.Name;
        var cards = served.Cards;
        for (var batch = 0; batch * 50 < cards.Count; batch++)
        {
            using var serving = fixture.ResourceClient("serving", "viewer", replica: batch % 2);
            using var scored = await serving.PostAsJsonAsync($"/api/predict/{model}", new { entities = new { card_id = cards.Skip(batch * 50).Take(50).ToArray() } });
            Assert.True(scored.IsSuccessStatusCode, $"predict: {(int)scored.StatusCode} {await scored.Content.ReadAsStringAsync()}");
        }
        for (var batch = 0; batch < 5; batch++)
        {
            var rows = served.Samples.Skip(batch * 50).Take(50).ToList();
            using var serving = fixture.ResourceClient("serving", "viewer", replica: batch % 2);
            using var inferred = await serving.PostAsJsonAsync($"/v2/models/{model}/infer", new
            {
                inputs = new object[]
                {
                    new { name = $"{ServedFraudModel.View}__txn_count_1h", datatype = "INT64", shape = new[] { rows.Count }, data = rows.Select(r => r.TxnCount1h).ToArray() },
                    new { name = $"{ServedFraudModel.View}__amount_avg_24h", datatype = "FP64", shape = new[] { rows.Count }, data = rows.Select(r => r.AmountAvg24h * 4).ToArray() },
                    new { name = $"{ServedFraudModel.View}__merchant_risk", datatype = "FP64", shape = new[] { rows.Count }, data = rows.Select(r => r.MerchantRisk).ToArray() },
                    new { name = $"{ServedFraudModel.View}__channel", datatype = "BYTES", shape = new[] { rows.Count }, data = rows.Select(_ => "online").ToArray() },
                },
            });
            Assert.True(inferred.IsSuccessStatusCode, $"infer: {(int)inferred.StatusCode} {await inferred.Content.ReadAsStringAsync()}");
        }
        using (var registry = fixture.RegistryClient("ml-engineer"))
        {
            Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync("/api/models")).StatusCode);
        }

        var viewer = fixture.Client();
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/drift/triggers?model=" + model)).Contains(model), "the drift trigger of the served model");
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/traces?service=serving&name=/api/predict/")).Contains("\"rootName\":\"POST /api/predict/"), "serving's request traces");
        await Eventually.TrueAsync(async () => (await viewer.GetStringAsync("/api/traces?service=model-registry&name=GET /api/models/")).Contains("\"rootName\":\"GET /api/models/\""), "the registry's trace");
        // An export of serving's latency histogram after the requests (a series counts from zero at its first point).
        await Eventually.TrueAsync(async () => await fixture.CountAsync(
            """
            SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM metric_points
            WHERE name = 'reference.serving.inference.duration' AND attributes->>'model.name' = $1 GROUP BY attributes->>'service.instance.id') x
            """, model) >= 1, "serving's per-version metrics");
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
