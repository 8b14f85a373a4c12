using System.Net;
using System.Net.Http.Json;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Profiles;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;
using Reference.UseCases.Fraud;

namespace Reference.Observability.Tests.Support;

// The sample use case brought to a served champion, as the platform CLI does it, without the training runner: the
// fraud card_txn_stats view defined and each card's latest sample pushed online, a GBDT trained in-process on the same
// samples (inputs named "view__feature", as the runner names them) and registered with its signature, lineage and
// training data profile, then made champion so that serving loads it.
internal sealed class ServedFraudModel(ObservabilityFixture fixture, string name)
{
    public const string View = "card_txn_stats";

    private static readonly CategoryVocabulary Channels = new(["pos", "online", "atm"]);

    public string Name => name;

    public IReadOnlyList<FraudSample> Samples { get; } = FraudSampleData.Generate(600, seed: 5).ToList();

    public IReadOnlyList<string> Cards => [.. Samples.Select(s => s.CardId).Distinct()];

    public async Task DeployAsync()
    {
        using var featureStore = fixture.ResourceClient("feature-store", "ml-engineer");
        await PutAsync(featureStore, "/api/entities/card", new { joinKeys = new[] { "card_id" } });
        await PutAsync(featureStore, $"/api/feature-views/{View}", new
        {
            entities = new[] { "card" }, ttl = "7d", classification = "confidential", residency = "eu",
            features = new object[]
            {
                new { name = "txn_count_1h", type = "int64" }, new { name = "amount_avg_24h", type = "float64" },
                new { name = "merchant_risk", type = "float64" }, new { name = "channel", type = "string" },
            },
        });
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var rows = Samples.GroupBy(s => s.CardId).Select(g => g.Last()).Select(s => new
        {
            card_id = s.CardId, event_timestamp = at, txn_count_1h = s.TxnCount1h, amount_avg_24h = s.AmountAvg24h, merchant_risk = s.MerchantRisk, channel = s.Channel,
        }).ToArray();
        using (var push = await featureStore.PostAsJsonAsync($"/api/push/{View}", new { to = "online", rows }))
        {
            Assert.True(push.IsSuccessStatusCode, $"push: {(int)push.StatusCode} {await push.Content.ReadAsStringAsync()}");
        }

        var matrix = Matrix(out var labels);
        var hyperparameters = new Dictionary<string, object?> { ["trees"] = 20, ["maxDepth"] = 3, ["learningRate"] = 0.3 };
        Assert.True(TrainerCatalog.TryCreate("gbdt", hyperparameters, out var trainer, out var errors), string.Join(" ", errors.Select(e => e.Message)));
        var model = trainer.Train(new TrainingSet(matrix, labels)).Model;

        using var registryHttp = fixture.RegistryClient("ml-engineer");
        var registry = new ModelRegistryClient(registryHttp);
        await registry.CreateModelAsync(new CreateModelRequest(name, "fraud detector served in the browser test", UseCase: "fraud"));
        using (var admin = fixture.RegistryClient("admin"))
        using (var policy = await admin.PutAsJsonAsync($"/api/models/{name}/promotion-policy", new { protectedAliases = Array.Empty<object>() }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }
        var profile = System.Text.Json.JsonDocument.Parse(DataProfiler.Profile(matrix).ToJson()).RootElement.Clone();
        var metadata = new VersionMetadata(
            Algorithm: model.Algorithm,
            Metrics: new Dictionary<string, double> { ["auc"] = 0.9 },
            Signature: new ModelRegistry.Client.ModelSignature(
                [.. model.Signature.Inputs.Select(i => new SignatureField(i.Name, i.Type == ColumnType.Categorical ? "string" : i.Type == ColumnType.Int64 ? "int64" : "float64"))],
                [new SignatureField(model.Signature.Output.Name, "float64")]),
            DataProfile: profile,
            Lineage: new ModelLineage(FeatureViews: [new FeatureViewReference(View, 1)], Classification: "confidential", Residency: "eu"));
        var version = await registry.CreateVersionAsync(name, metadata, new MemoryStream(ModelArtifact.Serialize(model)));
        await registry.SetAliasAsync(name, "champion", version.Version);

        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = fixture.ResourceClient("serving", "viewer", replica);
            await Eventually.TrueAsync(async () => (await serving.GetAsync($"/v2/models/{name}/ready")).StatusCode == HttpStatusCode.OK, $"serving replica {replica} loading {name}");
        }
    }

    // Feature columns in the order and with the names of the online view's inputs.
    private FeatureMatrix Matrix(out double[] labels)
    {
        var count = Samples.Count;
        double[] txn = new double[count], amount = new double[count], risk = new double[count], channel = new double[count];
        labels = new double[count];
        for (var i = 0; i < count; i++)
        {
            var s = Samples[i];
            (txn[i], amount[i], risk[i], channel[i], labels[i]) = (s.TxnCount1h, s.AmountAvg24h, s.MerchantRisk, Channels.IndexOf(s.Channel), s.IsFraud ? 1 : 0);
        }
        return FeatureMatrix.FromColumns(
            [txn, amount, risk, channel],
            [new FeatureInfo($"{View}__txn_count_1h", ColumnType.Int64), FeatureInfo.Numeric($"{View}__amount_avg_24h"),
             FeatureInfo.Numeric($"{View}__merchant_risk"), FeatureInfo.Categorical($"{View}__channel", Channels)]);
    }

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
