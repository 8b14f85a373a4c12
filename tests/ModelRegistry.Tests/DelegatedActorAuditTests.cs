using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ModelRegistry.Tests;

// A service acting for a person (the training runner for the data scientist who submitted a job) presents the
// person's subject with an RFC 8693 "act" claim naming itself; the audit trail keeps both.
[Collection(RegistryCollection.Name)]
public sealed class DelegatedActorAuditTests(RegistryFixture registry)
{
    [Fact]
    public async Task Mutations_made_for_a_person_by_a_service_are_audited_with_the_person_and_the_service()
    {
        var name = RegistryFixture.UniqueName("acting");
        using var http = registry.Anonymous();
        var delegated = new ModelRegistryClient(http).WithBearerToken(ActingToken("data-scientist", "dave", "training-runner"));
        await delegated.CreateModelAsync(new CreateModelRequest(name, UseCase: "fraud"));
        using var direct = registry.Client("data-scientist", subject: "dave");
        await Registry.CreateVersionAsync(direct, name);
        var promotion = await delegated.RequestPromotionAsync(name, 1, new CreatePromotionRequest("champion", "production", "trained by job 42"));
        // The person is the requester, so the four-eyes rule still binds them, whoever carried the request.
        Assert.Equal("dave", promotion.RequestedBy);

        using var auditor = registry.Client("approver", subject: "ann");
        var records = (await auditor.GetFromJsonAsync<Page<AuditRecord>>($"/api/audit?model={name}", Registry.Json))!.Items;
        Assert.Equal(
            [("model.create", "dave", "training-runner"), ("version.create", "dave", null), ("promotion.request", "dave", "training-runner")],
            records.Select(r => (r.Action, r.Actor, r.Via)));
        var verification = (await auditor.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Registry.Json))!;
        Assert.True(verification.Valid, verification.Reason);
    }

    [Fact]
    public async Task The_acting_party_is_part_of_the_hashed_record()
    {
        var name = RegistryFixture.UniqueName("actinghash");
        using var http = registry.Anonymous();
        await new ModelRegistryClient(http).WithBearerToken(ActingToken("ml-engineer", "erin", "training-runner")).CreateModelAsync(new CreateModelRequest(name));

        await using var dataSource = Npgsql.NpgsqlDataSource.Create(registry.ConnectionString);
        await using var id = dataSource.CreateCommand("SELECT id FROM audit_log WHERE entity = $1 AND via = 'training-runner'");
        id.Parameters.Add(new() { Value = $"model:{name}" });
        var recordId = (long)(await id.ExecuteScalarAsync())!;
        // Rewriting who acted (as a superuser can, bypassing the append-only trigger) breaks the chain at that record.
        await SetViaAsync(dataSource, recordId, "someone-else");
        try
        {
            using var auditor = registry.Client("approver", subject: "ann");
            var verification = (await auditor.GetFromJsonAsync<AuditVerification>("/api/audit/verify", Registry.Json))!;
            Assert.False(verification.Valid);
            Assert.Equal(recordId, verification.FirstBrokenId);
        }
        finally
        {
            await SetViaAsync(dataSource, recordId, "training-runner");
        }
    }

    // What a superuser could do: switch the append-only trigger off for the session and edit history.
    private static async Task SetViaAsync(Npgsql.NpgsqlDataSource dataSource, long id, string via)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var bypass = new Npgsql.NpgsqlCommand("SET session_replication_role = replica", connection))
        {
            await bypass.ExecuteNonQueryAsync();
        }
        await using var update = new Npgsql.NpgsqlCommand("UPDATE audit_log SET via = $2 WHERE id = $1", connection) { Parameters = { new() { Value = id }, new() { Value = via } } };
        await update.ExecuteNonQueryAsync();
    }

    // Shaped as the training runner's DelegatedTokenIssuer shapes it: the person's subject and role, act = the service.
    private static string ActingToken(string role, string subject, string service) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "reference-platform",
        Audience = "reference-platform",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Claims = new Dictionary<string, object>
        {
            ["sub"] = subject,
            ["role"] = role,
            ["clearance"] = "restricted",
            ["act"] = new Dictionary<string, object> { ["sub"] = service },
        },
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(RegistryFixture.SigningKey)), SecurityAlgorithms.HmacSha256),
    });
}
