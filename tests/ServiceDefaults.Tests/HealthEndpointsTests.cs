using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task Health_and_alive_answer_anonymous_callers()
    {
        await using var service = await TestApp.StartServiceAsync(app => app.MapGet("/models", () => "models"));

        var health = await service.Client.GetAsync("/health");
        var alive = await service.Client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
        // No AddOpenApi in this service: no document, and no error either.
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Alive_ignores_readiness_checks_that_fail()
    {
        await using var service = await TestApp.StartServiceAsync(
            _ => { },
            configure: builder => builder.Services.AddHealthChecks()
                .AddCheck("database", () => HealthCheckResult.Unhealthy("down")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await service.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_is_served_anonymously()
    {
        await using var service = await TestApp.StartServiceAsync(
            app => app.MapGet("/models", () => TypedResults.Ok(new[] { "fraud-detector" })),
            configure: builder => builder.Services.AddOpenApi());

        var response = await service.Client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"/models\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_built_once_and_includes_endpoints_mapped_after_the_defaults()
    {
        var builds = 0;
        await using var service = await TestApp.StartServiceAsync(
            app => app.MapGet("/models", () => TypedResults.Ok(new[] { "fraud-detector" })),
            configure: builder => builder.Services.AddOpenApi(options => options.AddDocumentTransformer((_, _, _) =>
            {
                Interlocked.Increment(ref builds);
                return Task.CompletedTask;
            })));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => service.Client.GetAsync("/openapi/v1.json")));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(responses, r => Assert.Equal("application/json", r.Content.Headers.ContentType?.MediaType));
        Assert.Contains("\"/models\"", bodies[0]);
        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        Assert.Equal(1, builds);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/openapi/unknown.json")).StatusCode);
    }
}
