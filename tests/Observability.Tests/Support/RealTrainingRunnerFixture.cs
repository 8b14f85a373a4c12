using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reference.UseCases.Fraud;

namespace Reference.Observability.Tests.Support;

// Observability with the AppHost's real training runner (and the feature store and training database it needs), found
// through service discovery as in the AppHost. Observability's own cooldown is short (2 s), so it keeps asking while
// the model stays drifted; the runner's cooldown (1 h) is the one that must hold. The runner has no worker pool here,
// so the retrain it admits stays queued instead of training. The fraud use case's definitions, label events and a few
// hundred sample rows are loaded so that the runner can admit the use case's job.
public sealed class RealTrainingRunnerFixture : ObservabilityFixture
{
    protected override bool WithTrainingRunner => false;

    protected override bool WithServing => false;

    protected override bool WithRealTrainingRunner => true;

    protected override string DriftCooldown => "2s";

    public HttpClient Runner(string role = "viewer") => ResourceClient("training-runner", role);

    public async Task LoadFraudUseCaseAsync()
    {
        using var featureStore = ResourceClient("feature-store", "ml-engineer");
        await PutAsync(featureStore, "/api/entities/card", new { joinKeys = new[] { "card_id" } });
        await PutAsync(featureStore, "/api/feature-views/card_txn_stats", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "confidential", residency = "eu",
            features = new object[]
            {
                new { name = "txn_count_1h", type = "int64" }, new { name = "amount_avg_24h", type = "float64" },
                new { name = "merchant_risk", type = "float64" }, new { name = "channel", type = "string" },
            },
        });
        await PutAsync(featureStore, "/api/feature-views/fraud_labels", new
        {
            entities = new[] { "card" }, ttl = "1d", classification = "confidential", residency = "eu", features = new[] { new { name = "is_fraud", type = "bool" } },
        });
        await PutAsync(featureStore, "/api/feature-services/fraud_v1", new { features = new[] { "card_txn_stats:*" } });
        var samples = FraudSampleData.Generate(300, seed: 3).ToList();
        await IngestAsync(featureStore, "card_txn_stats", samples.Select(s => new
        {
            card_id = s.CardId, event_timestamp = s.FeaturesAt, txn_count_1h = s.TxnCount1h, amount_avg_24h = s.AmountAvg24h, merchant_risk = s.MerchantRisk, channel = s.Channel,
        }));
        await IngestAsync(featureStore, "fraud_labels", samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt, is_fraud = s.IsFraud }));
        await PutAsync(featureStore, "/api/entity-sets/fraud_training_events", new { entityRows = samples.Select(s => new { card_id = s.CardId, event_timestamp = s.LabelAt }) });
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task IngestAsync<T>(HttpClient client, string view, IEnumerable<T> rows)
    {
        var body = string.Join('\n', rows.Select(r => JsonSerializer.Serialize(r)));
        using var response = await client.PostAsync($"/api/feature-views/{view}/rows", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"ingest {view}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

[CollectionDefinition(Name)]
public sealed class RealTrainingRunnerCollection : ICollectionFixture<RealTrainingRunnerFixture>
{
    public const string Name = "observability-with-the-real-training-runner";
}
