using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Reference.Serving.Tests.Support;

namespace Reference.Serving.Tests;

[Collection(ServingCollection.Name)]
public sealed class HotSwapTests(ServingFixture fixture)
{
    private static readonly string Model = ServingFixture.SwapModel;

    [Fact]
    public async Task Promoting_a_new_champion_under_load_fails_no_request_and_the_version_in_responses_changes()
    {
        var v1 = await fixture.Champions.PromoteAsync(Model, fixture.Champions.Train("logistic"));
        await fixture.WaitOnBothReplicasAsync(Model, v1);
        var rows = fixture.Features.Online.Values.Take(4).Select(FraudFeatures.Row).ToList();
        var body = ServingCalls.NamedTensors(rows);

        var failures = new ConcurrentQueue<string>();
        var versions = new ConcurrentDictionary<(int Replica, string Version), int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var v2Seen = new int[2];
        async Task LoadAsync(int replica)
        {
            using var serving = fixture.Serving(replica);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await serving.InferAsync(Model, body);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"replica {replica}: {(int)response.StatusCode} {text}");
                        continue;
                    }
                    var version = JsonNode.Parse(text)!["model_version"]!.GetValue<string>();
                    versions.AddOrUpdate((replica, version), 1, (_, n) => n + 1);
                    if (version != v1.ToString(System.Globalization.CultureInfo.InvariantCulture) && Interlocked.Increment(ref v2Seen[replica]) >= 50 && Volatile.Read(ref v2Seen[1 - replica]) >= 50)
                    {
                        await stop.CancelAsync();
                    }
                }
                catch (HttpRequestException ex)
                {
                    failures.Enqueue($"replica {replica}: {ex.Message}");
                }
            }
        }

        var load = Enumerable.Range(0, 4).Select(i => Task.Run(() => LoadAsync(i % 2))).ToArray();
        // Let the load run on v1 first, then promote while it runs.
        while (versions.Values.Sum() < 100 && !stop.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
        var v2 = await fixture.Champions.PromoteAsync(Model, fixture.Champions.Train("gbdt", new() { ["trees"] = 15, ["maxDepth"] = 3 }));
        await Task.WhenAll(load);

        Assert.Empty(failures);
        var v1Text = v1.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var v2Text = v2.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var replica = 0; replica < 2; replica++)
        {
            Assert.True(versions.GetValueOrDefault((replica, v1Text)) > 0, $"replica {replica} never answered with v{v1}");
            Assert.True(versions.GetValueOrDefault((replica, v2Text)) >= 50, $"replica {replica} answered v{v2} {versions.GetValueOrDefault((replica, v2Text))} times; the swap did not happen in time");
        }
    }
}
