using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Reference.Faults.Tests.Support;

// Writes that keep coming while a component is killed, each remembered only once acknowledged (2xx): an offline row
// ingested into the ledger view, the same row pushed to the online store, and a new version of the ledger model. Unacknowledged attempts are counted, not
// remembered: they may or may not have happened, and the client would retry them.
public sealed class WriteLedger : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(250);

    private readonly FaultsFixture fixture;
    private readonly string tag;
    private readonly CancellationTokenSource stop = new();
    private readonly Task rows;
    private readonly Task online;
    private readonly Task versions;

    private WriteLedger(FaultsFixture fixture, string tag)
    {
        this.fixture = fixture;
        this.tag = tag;
        rows = Task.Run(IngestRowsAsync);
        online = Task.Run(PushOnlineAsync);
        versions = Task.Run(RegisterVersionsAsync);
    }

    public ConcurrentBag<string> AcknowledgedCards { get; } = [];

    public ConcurrentBag<string> AcknowledgedOnlineCards { get; } = [];

    public ConcurrentBag<int> AcknowledgedVersions { get; } = [];

    public int RefusedWrites => refused;

    private int refused;

    public static WriteLedger Start(FaultsFixture fixture, string tag) => new(fixture, tag);

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(rows, online, versions);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    /// <summary>Acknowledged rows that the offline table does not hold (expected: none).</summary>
    public async Task<string[]> MissingRowsAsync()
    {
        var acknowledged = AcknowledgedCards.ToArray();
        await using var connection = new NpgsqlConnection(await fixture.ConnectionStringAsync("featuresdb") + ";Pooling=false");
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"SELECT card_id FROM fv_{FaultsFixture.LedgerView} WHERE card_id = ANY($1)", connection) { Parameters = { new() { Value = acknowledged } } };
        var present = new HashSet<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            present.Add(reader.GetString(0));
        }
        return acknowledged.Where(c => !present.Contains(c)).ToArray();
    }

    /// <summary>Acknowledged online pushes whose row the online store does not serve (expected: none).</summary>
    public async Task<string[]> MissingOnlineRowsAsync()
    {
        var acknowledged = AcknowledgedOnlineCards.ToArray();
        if (acknowledged.Length == 0)
        {
            return [];
        }
        using var featureStore = fixture.Client("feature-store", "ml-engineer");
        using var response = await featureStore.PostAsJsonAsync("/api/online-features",
            new { features = new[] { $"{FaultsFixture.LedgerView}:seq" }, entities = new { card_id = acknowledged } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"online read of the ledger: {(int)response.StatusCode} {text}");
        var body = JsonNode.Parse(text)!;
        var names = body["metadata"]!["featureNames"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var statuses = body["results"]![names.IndexOf("seq")]!["statuses"]!.AsArray();
        return acknowledged.Where((_, i) => statuses[i]!.GetValue<string>() != "PRESENT").ToArray();
    }

    /// <summary>Acknowledged versions that the registry does not list (expected: none).</summary>
    public async Task<int[]> MissingVersionsAsync()
    {
        var missing = new List<int>();
        var registry = fixture.Registry();
        foreach (var version in AcknowledgedVersions)
        {
            if (await registry.GetVersionAsync(FaultsFixture.LedgerModel, version) is null)
            {
                missing.Add(version);
            }
        }
        return [.. missing];
    }

    private async Task IngestRowsAsync()
    {
        using var featureStore = fixture.Client("feature-store", "ml-engineer", timeout: TimeSpan.FromSeconds(5));
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var card = $"{tag}-{seq}";
            var row = JsonSerializer.Serialize(new { card_id = card, event_timestamp = DateTimeOffset.UtcNow, seq });
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/feature-views/{FaultsFixture.LedgerView}/rows")
            {
                Content = new StringContent(row, Encoding.UTF8, "application/x-ndjson"),
            };
            request.Headers.Add("Idempotency-Key", card);
            await Attempt(async () =>
            {
                using var response = await featureStore.SendAsync(request);
                return response.IsSuccessStatusCode;
            }, () => AcknowledgedCards.Add(card));
            await Pause();
        }
    }

    private async Task PushOnlineAsync()
    {
        using var featureStore = fixture.Client("feature-store", "ml-engineer", timeout: TimeSpan.FromSeconds(5));
        for (var seq = 0; !stop.IsCancellationRequested; seq++)
        {
            var card = $"{tag}-online-{seq}";
            var body = new { to = "online", rows = new[] { new { card_id = card, event_timestamp = DateTimeOffset.UtcNow, seq } } };
            await Attempt(async () =>
            {
                using var response = await featureStore.PostAsJsonAsync($"/api/push/{FaultsFixture.LedgerView}", body);
                return response.IsSuccessStatusCode;
            }, () => AcknowledgedOnlineCards.Add(card));
            await Pause();
        }
    }

    private async Task RegisterVersionsAsync()
    {
        var registry = fixture.Registry(TimeSpan.FromSeconds(5));
        while (!stop.IsCancellationRequested)
        {
            var version = 0;
            await Attempt(async () =>
            {
                version = await fixture.RegisterAsync(FaultsFixture.LedgerModel, registry);
                return true;
            }, () => AcknowledgedVersions.Add(version));
            await Pause();
        }
    }

    private async Task Attempt(Func<Task<bool>> write, Action acknowledged)
    {
        try
        {
            if (await write())
            {
                acknowledged();
                return;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ModelRegistry.Client.ModelRegistryException)
        {
        }
        Interlocked.Increment(ref refused);
    }

    private async Task Pause()
    {
        try
        {
            await Task.Delay(Pace, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
