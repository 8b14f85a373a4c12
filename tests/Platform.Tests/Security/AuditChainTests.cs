using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Reference.Hosting.Testing;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// Mutations through each service's API leave audit chains that verify; a record changed behind the services' back
// (as a superuser who switches the append-only trigger off could) is found at its id. Serving keeps no database and
// observability writes no audit records, so their chains are the empty or unchanged ones.
[Collection(PlatformCollection.Name)]
public sealed class AuditChainTests(PlatformFixture platform)
{
    private static readonly string[] Databases = ["registrydb", "featuresdb", "trainingdb", "telemetrydb"];

    [Fact]
    public async Task Every_service_audit_chain_verifies_and_a_tampered_record_is_detected_at_its_id()
    {
        var view = new ConfidentialView(platform);
        var model = $"sec-audit-{Guid.NewGuid():N}"[..24];
        await view.CreateAsync();
        await view.CreateTrainingDataAsync();
        using (var registry = view.Caller("model-registry", "data-scientist", null))
        {
            await EnsureAsync(await registry.PostAsJsonAsync("/api/models", new { name = model, description = "audited" }));
            await EnsureAsync(await registry.PatchAsJsonAsync($"/api/models/{model}", new { description = "audited twice" }));
        }
        string job;
        using (var runner = view.Caller("training-runner", "data-scientist", "restricted"))
        {
            job = JsonNode.Parse(await EnsureAsync(await runner.PostAsJsonAsync("/api/jobs", new
            {
                useCase = "security-tests", model, featureService = view.FeatureService, entitySet = view.EntitySet, algorithm = "logistic",
                labels = new { featureView = view.LabelView, column = "is_bad" },
            })))!["id"]!.GetValue<string>();
            await EnsureAsync(await runner.PostAsJsonAsync($"/api/jobs/{job}/cancel", new { reason = "security test: audited, not trained" }));
        }

        foreach (var database in Databases)
        {
            var chain = await AuditChain.VerifyAsync(await ConnectionStringAsync(database));
            Assert.True(chain.Valid, $"{database}: {chain.Reason} at {chain.FirstBrokenId}");
            Assert.True(database == "telemetrydb" || chain.Checked > 0, $"{database} has no audit records after mutations");
        }
        Assert.True(await RegistryVerifiesAsync() is { Valid: true }, "the registry's /api/audit/verify refuses its own chain");

        await AssertTamperingIsFoundAsync("registrydb", $"model:{model}", checkRegistryApi: true);
        await AssertTamperingIsFoundAsync("featuresdb", $"feature-view:{view.View}", checkRegistryApi: false);
        await AssertTamperingIsFoundAsync("trainingdb", $"job:{job}", checkRegistryApi: false);
    }

    private async Task AssertTamperingIsFoundAsync(string database, string entityPrefix, bool checkRegistryApi)
    {
        var connectionString = await ConnectionStringAsync(database);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var find = new NpgsqlCommand("SELECT id, actor FROM audit_log WHERE starts_with(entity, $1) ORDER BY id DESC LIMIT 1", connection)
        {
            Parameters = { new() { Value = entityPrefix } },
        };
        long id;
        string actor;
        await using (var reader = await find.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync(), $"{database}: no audit record of {entityPrefix}");
            (id, actor) = (reader.GetInt64(0), reader.GetString(1));
        }

        // The services' own role cannot rewrite history: the append-only trigger refuses.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => SetActorAsync(connection, id, "mallory", bypassTrigger: false));
        Assert.Contains("append-only", refused.MessageText);

        await SetActorAsync(connection, id, "mallory", bypassTrigger: true);
        try
        {
            var chain = await AuditChain.VerifyAsync(connectionString);
            Assert.False(chain.Valid, $"{database}: a changed record went unnoticed");
            Assert.Equal(id, chain.FirstBrokenId);
            if (checkRegistryApi)
            {
                var verification = await RegistryVerifiesAsync();
                Assert.False(verification.Valid);
                Assert.Equal(id, verification.FirstBrokenId);
            }
        }
        finally
        {
            // Put the record back, so the chain stays whole for whatever runs next.
            await SetActorAsync(connection, id, actor, bypassTrigger: true);
        }
        Assert.True((await AuditChain.VerifyAsync(connectionString)).Valid, $"{database}: the restored chain does not verify");
    }

    private static async Task SetActorAsync(NpgsqlConnection connection, long id, string actor, bool bypassTrigger)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        if (bypassTrigger)
        {
            await using var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction);
            await replica.ExecuteNonQueryAsync();
        }
        await using var update = new NpgsqlCommand("UPDATE audit_log SET actor = $1 WHERE id = $2", connection, transaction)
        {
            Parameters = { new() { Value = actor }, new() { Value = id } },
        };
        await update.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private async Task<(bool Valid, long? FirstBrokenId)> RegistryVerifiesAsync()
    {
        using var approver = platform.Client("model-registry");
        approver.DefaultRequestHeaders.Authorization = new("Bearer", platform.Token("approver", "security-auditor"));
        var verification = JsonNode.Parse(await EnsureAsync(await approver.GetAsync("/api/audit/verify")))!;
        return (verification["valid"]!.GetValue<bool>(), verification["firstBrokenId"]?.GetValue<long>());
    }

    private Task<string> ConnectionStringAsync(string database) => platform.App.GetConnectionStringAsync(database);

    private static async Task<string> EnsureAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
            return text;
        }
    }
}
