using System.Net;
using System.Net.Http.Headers;
using Npgsql;
using Reference.Hosting.Testing;
using StackExchange.Redis;

namespace Reference.AppHost.Tests;

/// <summary>The AppHost's real topology through the testing builder: every service healthy, wired and guarded.</summary>
public class TopologyTests
{
    [Fact]
    public async Task The_whole_topology_starts_healthy_with_working_connections()
    {
        // Every service, without the sample use case's one-shot loop (tests/Cli.Tests runs that end to end).
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--Platform:SampleUseCase=none"]);
        await using var app = await builder.BuildAsync();
        await app.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);

        foreach (var service in new[] { "model-registry", "feature-store" })
        {
            using var client = app.CreateHttpClient(service);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        }

        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("registrydb"));
        await connection.OpenAsync();
        Assert.Equal("registrydb", await new NpgsqlCommand("SELECT current_database()", connection).ExecuteScalarAsync());

        using var redis = await ConnectionMultiplexer.ConnectAsync(await app.GetConnectionStringAsync("online-store"));
        Assert.True((await redis.GetDatabase().PingAsync()) >= TimeSpan.Zero);
    }

    [Fact]
    public async Task A_named_subset_starts_only_what_it_needs()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
        builder.KeepOnly("model-registry");
        await using var app = await builder.BuildAsync();
        await app.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);

        var names = app.Resources.Select(r => r.Name).ToHashSet();
        Assert.Contains("registrydb", names);
        Assert.Contains("postgres", names);
        Assert.DoesNotContain("feature-store", names);
        Assert.DoesNotContain("online-store", names);
        using var client = app.CreateHttpClient("model-registry");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Tokens_from_the_token_command_are_accepted_by_the_services_and_nothing_else_is()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
        builder.KeepOnly("model-registry");
        await using var app = await builder.BuildAsync();
        await app.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);

        var (code, token) = await AppHostProcess.RunVerbAsync(app.StateDirectory, "token", "--role", "ml-engineer", "--clearance", "confidential", "--subject", "alice");
        Assert.Equal(0, code);
        token = token.Trim();
        Assert.Equal(3, token.Split('.').Length);

        using var client = app.CreateHttpClient("model-registry");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/anything")).StatusCode);

        using var authorized = new HttpRequestMessage(HttpMethod.Get, "/api/anything") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(authorized)).StatusCode);

        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var tampered = new HttpRequestMessage(HttpMethod.Get, "/api/anything") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", forged) } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task The_token_command_refuses_an_unknown_role_clearly()
    {
        var state = ProcessChecks.NewStateDirectory();
        try
        {
            var (code, output) = await AppHostProcess.RunVerbAsync(state, "token", "--role", "superuser");
            Assert.Equal(1, code);
            Assert.Contains("Unknown role 'superuser'. Use one of: viewer, data-scientist, ml-engineer, approver, admin, service.", output);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
