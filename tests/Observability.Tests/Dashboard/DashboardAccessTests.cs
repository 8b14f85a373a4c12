using System.Net;
using Reference.Hosting.Testing;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Dashboard;

[Collection(ObservabilityCollection.Name)]
public sealed class DashboardAccessTests(ObservabilityFixture fixture)
{
    [Fact]
    public async Task Anonymous_browsers_are_sent_to_the_login_and_a_wrong_token_is_refused()
    {
        using var client = Browser(out _);

        var page = await client.GetAsync("/traces");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?returnUrl=", page.Headers.Location?.OriginalString);

        var wrong = await client.GetAsync("/login?t=not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/traces")).StatusCode);
    }

    [Fact]
    public async Task The_printed_token_logs_a_browser_in_and_every_page_renders()
    {
        using var client = Browser(out var cookies);

        var login = await client.GetAsync($"/login?t={ObservabilityFixture.BrowserToken}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.NotEmpty(cookies.GetCookies(client.BaseAddress!));

        foreach (var path in new[] { "/resources", "/traces", "/logs", "/metrics", "/models", "/drift", "/placement" })
        {
            var response = await client.GetAsync(path);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<nav>", html);
        }
        Assert.Contains("No plan published yet", await client.GetStringAsync("/placement"));
        // The AppHost's run state lists the resources of this topology.
        var resources = await client.GetStringAsync("/resources");
        Assert.Contains("data-resource=\"model-registry\"", resources);
        Assert.Contains("data-resource=\"postgres\"", resources);

        await client.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/traces")).StatusCode);
    }

    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return new HttpClient(handler) { BaseAddress = new Uri(fixture.App.GetEndpoint("observability")) };
    }
}
