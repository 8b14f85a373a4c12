using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task Requests_to_a_service_name_alternate_between_its_replicas()
    {
        await using var first = await TestApp.StartBackendAsync(app => app.MapGet("/whoami", () => "first"));
        await using var second = await TestApp.StartBackendAsync(app => app.MapGet("/whoami", () => "second"));
        await using var caller = await ClientHost.StartAsync(new Dictionary<string, string?>
        {
            ["services:model-registry:http:0"] = first.BaseAddress.ToString(),
            ["services:model-registry:http:1"] = second.BaseAddress.ToString(),
        });
        using var client = caller.CreateClient("http://model-registry");

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetStringAsync("/whoami"));
        }

        Assert.Equal(["first", "second", "first", "second"], answers);
    }

    [Fact]
    public async Task Https_plus_http_scheme_falls_back_to_the_http_endpoint()
    {
        await using var backend = await TestApp.StartBackendAsync(app => app.MapGet("/whoami", (HttpRequest request) => request.Path.Value));
        await using var caller = await ClientHost.StartAsync(new Dictionary<string, string?>
        {
            ["services:feature-store:http:0"] = backend.BaseAddress.ToString(),
        });
        using var client = caller.CreateClient("https+http://feature-store");

        Assert.Equal("/whoami", await client.GetStringAsync("/whoami"));
    }

    [Fact]
    public async Task Unknown_service_fails_naming_the_missing_configuration_key()
    {
        await using var caller = await ClientHost.StartAsync();
        using var client = caller.CreateClient("http://model-registry");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync("/models"));

        Assert.Contains("'model-registry'", failure.Message);
        Assert.Contains("services:model-registry:http:0", failure.Message);
        Assert.Contains("services__model-registry__http__0", failure.Message);
    }

    [Fact]
    public async Task Calls_to_platform_services_carry_a_service_token()
    {
        await using var registry = await TestApp.StartServiceAsync(app =>
            app.MapGet("/internal/caller", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization(Policies.Service));
        await using var caller = await ClientHost.StartAsync(new Dictionary<string, string?>
        {
            ["services:model-registry:http:0"] = registry.BaseAddress.ToString(),
            ["OTEL_SERVICE_NAME"] = "training-runner",
        });
        using var client = caller.CreateClient("http://model-registry");

        Assert.Equal("training-runner", await client.GetStringAsync("/internal/caller"));
    }

    [Fact]
    public async Task Other_destinations_never_see_the_service_token()
    {
        await using var external = await TestApp.StartBackendAsync(app =>
            app.MapGet("/echo", (HttpRequest request) => request.Headers.Authorization.ToString() is { Length: > 0 } value ? value : "none"));
        await using var caller = await ClientHost.StartAsync();
        using var client = caller.CreateClient(external.BaseAddress);

        var response = await client.GetAsync("/echo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("none", await response.Content.ReadAsStringAsync());
    }
}
