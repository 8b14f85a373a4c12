using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class ResilienceTests
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Resilience:RetryDelay"] = "00:00:00.010",
        ["Resilience:MaxRetryAttempts"] = "3",
    };

    [Fact]
    public async Task Get_is_retried_after_a_503()
    {
        await using var backend = await FlakyBackend.StartAsync(StatusCodes.Status503ServiceUnavailable);
        await using var caller = await ClientHost.StartAsync(FastRetries);
        using var client = caller.CreateClient(backend.BaseAddress);

        var response = await client.GetAsync("/resource");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Attempts);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_delay_the_server_asks_for()
    {
        await using var backend = await FlakyBackend.StartAsync(StatusCodes.Status429TooManyRequests, retryAfterSeconds: 0);
        await using var caller = await ClientHost.StartAsync(FastRetries);
        using var client = caller.CreateClient(backend.BaseAddress);

        var response = await client.GetAsync("/resource");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, backend.Attempts);
    }

    [Fact]
    public async Task Post_without_idempotency_key_is_sent_once()
    {
        await using var backend = await FlakyBackend.StartAsync(StatusCodes.Status503ServiceUnavailable);
        await using var caller = await ClientHost.StartAsync(FastRetries);
        using var client = caller.CreateClient(backend.BaseAddress);

        var response = await client.PostAsync("/resource", new StringContent("{\"amount\": 10}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, backend.Attempts);
    }

    [Fact]
    public async Task Post_with_idempotency_key_is_retried_with_the_same_body()
    {
        await using var backend = await FlakyBackend.StartAsync(StatusCodes.Status503ServiceUnavailable);
        await using var caller = await ClientHost.StartAsync(FastRetries);
        using var client = caller.CreateClient(backend.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/resource") { Content = new StreamContent(new MemoryStream("{\"amount\": 10}"u8.ToArray())) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["{\"amount\": 10}", "{\"amount\": 10}"], backend.Bodies);
    }

    [Fact]
    public async Task Attempt_that_hangs_is_abandoned_and_retried()
    {
        var attempts = 0;
        await using var backend = await TestApp.StartBackendAsync(app => app.MapGet("/resource", async (HttpContext context) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            return "done";
        }));
        await using var caller = await ClientHost.StartAsync(new Dictionary<string, string?>(FastRetries)
        {
            ["Resilience:AttemptTimeout"] = "00:00:00.500",
        });
        using var client = caller.CreateClient(backend.BaseAddress);

        Assert.Equal("done", await client.GetStringAsync("/resource"));
        Assert.True(Volatile.Read(ref attempts) >= 2);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_stops_calling_the_destination()
    {
        await using var backend = await FlakyBackend.StartAsync(StatusCodes.Status500InternalServerError, failures: int.MaxValue);
        await using var caller = await ClientHost.StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:CircuitBreakerMinimumThroughput"] = "2",
            ["Resilience:CircuitBreakerFailureRatio"] = "0.5",
            ["Resilience:CircuitBreakerBreakDuration"] = "00:01:00",
        });
        using var client = caller.CreateClient(backend.BaseAddress);

        Assert.Equal(HttpStatusCode.InternalServerError, (await client.PostAsync("/resource", null)).StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.PostAsync("/resource", null)).StatusCode);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.PostAsync("/resource", null));

        Assert.Equal(2, backend.Attempts);
    }

    [Fact]
    public void Retry_after_is_read_as_a_delay_or_a_date()
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(7)) } };
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(now.AddSeconds(30)) } };
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(7), TransientHttpFailure.RetryAfter(delta, now));
        Assert.Equal(TimeSpan.FromSeconds(30), TransientHttpFailure.RetryAfter(date, now));
        Assert.Null(TransientHttpFailure.RetryAfter(none, now));
    }

    // Fails the first `failures` attempts with `status`, then answers 200; records what it received.
    private sealed class FlakyBackend : IAsyncDisposable
    {
        private readonly ConcurrentQueue<string> _bodies = new();
        private int _attempts;
        private TestApp _app = null!;

        public Uri BaseAddress => _app.BaseAddress;

        public int Attempts => Volatile.Read(ref _attempts);

        public string[] Bodies => [.. _bodies];

        public static async Task<FlakyBackend> StartAsync(int status, int failures = 1, int? retryAfterSeconds = null)
        {
            var backend = new FlakyBackend();
            backend._app = await TestApp.StartBackendAsync(app => app.Map("/resource", async (HttpContext context) =>
            {
                backend._bodies.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
                if (Interlocked.Increment(ref backend._attempts) > failures)
                {
                    return Results.Ok();
                }
                if (retryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return Results.StatusCode(status);
            }));
            return backend;
        }

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }
}
