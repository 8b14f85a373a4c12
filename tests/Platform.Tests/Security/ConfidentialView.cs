using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;
using Reference.Platform.Tests.Support;
using static Reference.Tests.Shared.FeatureStoreRequests;

namespace Reference.Platform.Tests.Security;

// A confidential feature view of the test's own (entity, view, a few accounts offline and online) whose values are
// easy to spot in any answer: amounts 4242.4242, 8484.8484, 12727.2726.
public sealed class ConfidentialView(PlatformFixture platform)
{
    public const string JoinKey = "sec_account_id";
    public static readonly string[] Accounts = ["acct-1", "acct-2", "acct-3"];

    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];

    public string Entity => $"sec_account_{suffix}";

    public string View => $"sec_spend_{suffix}";

    public string[] Features => [$"{View}:amount", $"{View}:txn_count"];

    public string LabelView => $"sec_outcome_{suffix}";

    public string FeatureService => $"sec_features_{suffix}";

    public string EntitySet => $"sec_events_{suffix}";

    public static double Amount(int account) => 4242.4242 * account;

    // The amounts as JSON writes them: no answer to a caller below the view's classification may contain one.
    public static IEnumerable<string> Telltales => Enumerable.Range(1, Accounts.Length).Select(i => Amount(i).ToString("R", CultureInfo.InvariantCulture));

    public static long Count(int account) => 7000 + account;

    public async Task CreateAsync()
    {
        using var featureStore = Caller("feature-store", "ml-engineer", "restricted");
        await PutAsync(featureStore, $"/api/entities/{Entity}", new { joinKeys = new[] { JoinKey } });
        await PutAsync(featureStore, $"/api/feature-views/{View}", new
        {
            entities = new[] { Entity }, ttl = "7d", classification = "confidential", residency = "eu",
            features = new object[] { new { name = "amount", type = "float64" }, new { name = "txn_count", type = "int64" } },
        });
        await IngestAsync(featureStore, View, Rows(DateTimeOffset.UtcNow.AddHours(-1)));
        await PushOnlineAsync(featureStore, View, Rows(DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    // What a training job of this view needs: labels, a feature service and the label events as an entity set.
    public async Task CreateTrainingDataAsync()
    {
        using var featureStore = Caller("feature-store", "ml-engineer", "restricted");
        await PutAsync(featureStore, $"/api/feature-views/{LabelView}", new
        {
            entities = new[] { Entity }, ttl = "7d", classification = "confidential", residency = "eu", features = new[] { new { name = "is_bad", type = "bool" } },
        });
        await PutAsync(featureStore, $"/api/feature-services/{FeatureService}", new { features = new[] { $"{View}:*" } });
        await PutAsync(featureStore, $"/api/entity-sets/{EntitySet}", new
        {
            entityRows = Accounts.Select(a => new Dictionary<string, object> { [JoinKey] = a, ["event_timestamp"] = DateTimeOffset.UtcNow.AddMinutes(-30) }),
        });
    }

    public HttpClient Caller(string service, string role, string? clearance)
    {
        var client = platform.Client(service);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.Token(role, $"security-{role}-{clearance ?? "none"}", clearance));
        return client;
    }

    // A model that reads the view's two features online (inputs named view__feature, lineage naming the view), as the
    // training runner would register it, promoted to champion of `model` with an ml-engineer moving the alias.
    public async Task<int> PromoteModelAsync(string model)
    {
        using var registryHttp = Caller("model-registry", "ml-engineer", "restricted");
        var registry = new ModelRegistryClient(registryHttp);
        if (await registry.GetModelAsync(model) is null)
        {
            await registry.CreateModelAsync(new CreateModelRequest(model, UseCase: "security-tests"));
        }
        using (var admin = Caller("model-registry", "admin", "restricted"))
        using (var policy = await admin.PutAsJsonAsync($"/api/models/{model}/promotion-policy", new { protectedAliases = Array.Empty<object>() }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        var trained = Train();
        var metadata = new VersionMetadata(
            Algorithm: trained.Algorithm,
            Metrics: new Dictionary<string, double> { ["auc"] = 0.9 },
            Signature: new ModelRegistry.Client.ModelSignature(
                [.. trained.Signature.Inputs.Select(i => new SignatureField(i.Name, i.Type == ColumnType.Int64 ? "int64" : "float64"))],
                [new SignatureField(trained.Signature.Output.Name, "float64")]),
            Lineage: new ModelLineage(FeatureViews: [new FeatureViewReference(View, 1)], Classification: "confidential", Residency: "eu"));
        var version = await registry.CreateVersionAsync(model, metadata, new MemoryStream(ModelArtifact.Serialize(trained)));
        await registry.SetAliasAsync(model, "champion", version.Version);
        return version.Version;
    }

    private Model Train()
    {
        const int rows = 200;
        double[] amount = new double[rows], count = new double[rows], labels = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            (amount[i], count[i], labels[i]) = (4000 + (i * 3), 6900 + i, i % 2);
        }
        var matrix = FeatureMatrix.FromColumns([amount, count], [FeatureInfo.Numeric($"{View}__amount"), new FeatureInfo($"{View}__txn_count", ColumnType.Int64)]);
        Assert.True(TrainerCatalog.TryCreate("logistic", null, out var trainer, out var errors), string.Join(" ", errors.Select(e => e.Message)));
        return trainer.Train(new TrainingSet(matrix, labels)).Model;
    }

    private static List<Dictionary<string, object>> Rows(DateTimeOffset at) =>
        [.. Enumerable.Range(1, Accounts.Length).Select(i => new Dictionary<string, object>
        {
            [JoinKey] = Accounts[i - 1],
            ["event_timestamp"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["amount"] = Amount(i),
            ["txn_count"] = Count(i),
        })];
}
