using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Reference.Faults.Tests.Support;

// Steady open-loop traffic (a request every Interval, whatever the answers) to both serving replicas' inference and
// entity scoring and to the feature store's online read, with every outcome counted per phase and target: the HTTP
// status, "refused" (nothing listening), or "timeout" (no answer within RequestTimeout: a hang).
public sealed class TrafficGenerator : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(16);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<(string Phase, string Target, string Outcome), int> counts = new();
    private readonly List<Target> targets = [];
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Task, byte> inFlight = new();
    private readonly Task loop;
    private volatile string phase = "warm-up";

    public TrafficGenerator(FaultsFixture fixture)
    {
        var cards = fixture.Features.Online.Keys.Take(50).ToArray();
        var infer = InferBody(fixture.Features.Online.Values.Take(4).Select(FraudFeatures.Row).ToArray());
        for (var replica = 0; replica < 2; replica++)
        {
            var serving = fixture.Client("serving", "viewer", replica, Timeout.InfiniteTimeSpan);
            targets.Add(new($"serving-{replica} infer", serving, $"/v2/models/{FaultsFixture.ServedModel}/infer", _ => infer));
            targets.Add(new($"serving-{replica} predict", serving, $"/api/predict/{FaultsFixture.ServedModel}",
                i => JsonSerializer.Serialize(new { entities = new { card_id = new[] { cards[i % cards.Length] } } })));
        }
        var featureStore = fixture.Client("feature-store", "ml-engineer", timeout: Timeout.InfiniteTimeSpan);
        targets.Add(new("feature-store online", featureStore, "/api/online-features",
            i => JsonSerializer.Serialize(new { featureService = FraudDefinitions.FeatureService, entities = new { card_id = new[] { cards[i % cards.Length] } } })));
        loop = Task.Run(RunAsync);
    }

    public IReadOnlyList<string> Targets => targets.Select(t => t.Name).ToArray();

    /// <summary>Requests sent from now on are counted under this phase.</summary>
    public void EnterPhase(string name) => phase = name;

    /// <summary>Outcome counts of one phase and target.</summary>
    public IReadOnlyDictionary<string, int> Outcomes(string phaseName, string target) =>
        counts.Where(c => c.Key.Phase == phaseName && c.Key.Target == target).ToDictionary(c => c.Key.Outcome, c => c.Value);

    public int Count(string phaseName, string target, Func<string, bool> outcome) =>
        Outcomes(phaseName, target).Where(o => outcome(o.Key)).Sum(o => o.Value);

    /// <summary>Waits for every request sent so far to be answered or timed out, so that a phase's counts are final.</summary>
    public async Task DrainAsync() => await Task.WhenAll(inFlight.Keys.ToArray());

    public string Report(string phaseName) => string.Join(Environment.NewLine, targets.Select(t =>
        $"  {phaseName,-26} {t.Name,-22} " + string.Join(", ", Outcomes(phaseName, t.Name).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}×{o.Value}"))));

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        await DrainAsync();
        foreach (var client in targets.Select(t => t.Client).Distinct())
        {
            client.Dispose();
        }
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var sequence = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var target = targets[sequence % targets.Count];
                var send = SendAsync(target, sequence / targets.Count, phase);
                inFlight.TryAdd(send, 0);
                _ = send.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
                sequence++;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SendAsync(Target target, int index, string phaseName)
    {
        string outcome;
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            using var content = new StringContent(target.Body(index), Encoding.UTF8, "application/json");
            using var response = await target.Client.PostAsync(target.Path, content, timeout.Token);
            await response.Content.ReadAsByteArrayAsync(timeout.Token);
            outcome = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            outcome = "timeout";
        }
        catch (HttpRequestException ex)
        {
            outcome = ex.HttpRequestError == HttpRequestError.ConnectionError ? "refused" : "broken";
        }
        counts.AddOrUpdate((phaseName, target.Name, outcome), 1, (_, n) => n + 1);
    }

    // One tensor per signature input, shape [rows]: the columns of the cards' feature rows.
    private static string InferBody(double[][] rows) => JsonSerializer.Serialize(new
    {
        inputs = new object[]
        {
            new { name = FraudFeatures.TxnCount, datatype = "INT64", shape = new[] { rows.Length }, data = rows.Select(r => (long)r[0]) },
            new { name = FraudFeatures.AmountAvg, datatype = "FP64", shape = new[] { rows.Length }, data = rows.Select(r => r[1]) },
            new { name = FraudFeatures.MerchantRisk, datatype = "FP64", shape = new[] { rows.Length }, data = rows.Select(r => r[2]) },
            new { name = FraudFeatures.Channel, datatype = "BYTES", shape = new[] { rows.Length }, data = rows.Select(r => FraudFeatures.Channels[(int)r[3]]) },
        },
    });

    private sealed record Target(string Name, HttpClient Client, string Path, Func<int, string> Body);
}
