using System.Net;
using Reference.Platform.Tests.Support;
using Xunit.Abstractions;

namespace Reference.Platform.Tests.Security;

// Every operation that a service documents, except probes and API documents, refuses a caller without a valid token:
// 401 problem+json before anything runs, whatever is wrong with the token.
[Collection(PlatformCollection.Name)]
public sealed class AuthenticationTests(PlatformFixture platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_operation_refuses_missing_expired_forged_and_misdirected_tokens_with_401_problem_json()
    {
        var operations = await ApiOperation.ReadAllAsync(platform);
        foreach (var service in PlatformFixture.Services)
        {
            Assert.Contains(operations, o => o.Service == service && !o.IsProbeOrDocument);
        }

        var failures = new List<string>();
        foreach (var operation in operations.Where(o => !o.IsProbeOrDocument && !AnonymousByDesign.Contains(o.Key)))
        {
            using var client = platform.Client(operation.Service);
            foreach (var (name, token) in ForgedTokens.All)
            {
                using var response = await SecurityCalls.SendAsync(client, operation, token);
                var type = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode != HttpStatusCode.Unauthorized || type != "application/problem+json")
                {
                    failures.Add($"{operation} with {name}: {(int)response.StatusCode} {type}");
                }
            }
        }
        output.WriteLine(string.Join('\n', operations.Select(o => o.Key)));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Probes_are_anonymous_and_dashboard_pages_send_a_browser_without_a_token_to_the_login_page()
    {
        foreach (var service in PlatformFixture.Services)
        {
            using var client = platform.Client(service);
            foreach (var probe in service == "serving" ? new[] { "/health", "/alive", "/v2/health/live" } : ["/health", "/alive"])
            {
                using var response = await client.GetAsync(probe);
                Assert.True(response.IsSuccessStatusCode, $"{service} {probe}: {(int)response.StatusCode}");
            }
        }

        using var observability = platform.Client("observability");
        using var dashboard = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = observability.BaseAddress };
        foreach (var page in new[] { "/resources", "/logs", "/traces" })
        {
            using var response = await dashboard.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/login", response.Headers.Location?.OriginalString);
        }
    }

    // OTLP exporters send no platform token (OTLP has no such notion): observability's receiver is anonymous, as a
    // collector's is (src/Observability/README.md). It only accepts telemetry; reading it back needs a token.
    public static readonly HashSet<string> AnonymousByDesign =
    [
        "observability POST /v1/traces",
        "observability POST /v1/logs",
        "observability POST /v1/metrics",
    ];
}
