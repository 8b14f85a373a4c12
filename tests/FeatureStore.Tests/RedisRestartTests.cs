using System.Net;
using Reference.FeatureStore.Tests.Support;

namespace Reference.FeatureStore.Tests;

// Its own topology: killing Redis must not disturb the other tests.
public class RedisRestartTests : IAsyncLifetime
{
    private readonly FeatureStoreApp _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task After_a_redis_restart_reads_are_not_found_until_rematerialized_and_never_a_500()
    {
        using var client = _fixture.Client("ml-engineer");
        var now = DateTime.UtcNow;
        var view = await client.CreateViewAsync("user", [new { name = "v", type = "int64" }]);
        await client.IngestAsync(view, [new { user = "u1", event_timestamp = now.AddMinutes(-5), v = 1 }, new { user = "u2", event_timestamp = now.AddMinutes(-5), v = 2 }]);
        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });
        var read = new { features = new[] { $"{view}:v" }, entities = new { user = new[] { "u1", "u2" } } };
        Assert.Equal(["PRESENT", "PRESENT"], Api.Column(await client.OnlineAsync(read), "v").Statuses);

        _fixture.App.KillReplica("online-store");
        await _fixture.App.ResourceNotifications.WaitForResourceAsync("online-store", s => s.IsHealthy && s.Restarts == 1, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        // While the client reconnects the answer may be 503 (with Retry-After); it is never a 500, and then NOT_FOUND.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.PostJsonAsync("/api/online-features", read);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(["NOT_FOUND", "NOT_FOUND"], Api.Column(await response.ReadJsonAsync(HttpStatusCode.OK), "v").Statuses);
                break;
            }
            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(response.Headers.RetryAfter is not null);
            Assert.True(DateTime.UtcNow < deadline, "the online store did not come back");
            await Task.Delay(100);
        }

        await client.MaterializeAsync("/api/materialize", new { views = new[] { view }, start = now.AddHours(-1), end = now });
        var (values, statuses) = Api.Column(await client.OnlineAsync(read), "v");
        Assert.Equal(["PRESENT", "PRESENT"], statuses);
        Assert.Equal([1L, 2L], values.Select(v => v!.GetValue<long>()));
    }
}
