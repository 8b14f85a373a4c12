using Microsoft.Extensions.Configuration;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Commands;
using Reference.Hosting.Orchestration;
using Reference.Hosting.Servers;

namespace Reference.Hosting.Tests;

public class ResourceNameTests
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("model-registry")]
    [InlineData("a")]
    [InlineData("A1-b2")]
    public void Accepts_aspire_names(string name) => Assert.Null(ResourceName.TryGetError(name));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("1db", "start with an ASCII letter")]
    [InlineData("model--registry", "two hyphens")]
    [InlineData("registry-", "end with a hyphen")]
    [InlineData("feature_store", "'_'")]
    [InlineData("données", "'é'")]
    public void Rejects_other_names_saying_why(string name, string why) =>
        Assert.Contains(why, ResourceName.TryGetError(name));

    [Fact]
    public void Rejects_names_longer_than_64() =>
        Assert.Contains("limit is 64", ResourceName.TryGetError("a" + new string('b', 64)));

    [Fact]
    public void Duplicate_names_are_refused_case_insensitively()
    {
        var builder = Testing.DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("cache");
        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddRedis("Cache"));
        Assert.Contains("already exists", error.Message);
    }
}

public class DurationTests
{
    [Theory]
    [InlineData("7d", 7 * 86400)]
    [InlineData("24h", 86400)]
    [InlineData("30m", 1800)]
    [InlineData("45s", 45)]
    [InlineData("90", 90)]
    public void Parses_platform_durations(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7w")]
    [InlineData("-1h")]
    [InlineData("h")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(Durations.TryParse(text, out _));
}

public class RestartPolicyTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Allows_five_restarts_a_minute_with_growing_backoff_then_again_after_the_window()
    {
        var clock = new ManualClock();
        var policy = new RestartPolicy(time: clock);
        var delays = Enumerable.Range(0, 5).Select(_ => policy.NextDelay()!.Value).ToArray();
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second > p.First));
        Assert.Null(policy.NextDelay());

        clock.Now += TimeSpan.FromSeconds(61);
        Assert.NotNull(policy.NextDelay());
    }
}

public class ServerBinaryLocatorTests
{
    [Fact]
    public async Task A_missing_binary_names_the_command_that_installs_it()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hosting:InstallMissing"] = "false" }).Build();
        var locator = new ServerBinaryLocator(config, _ => { });
        var binary = new ServerBinary("no-such-server-7f3a", "no-such-package-7f3a", ["/nonexistent"]);

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => locator.FindAsync(binary));

        Assert.Contains("no-such-server-7f3a was not found", error.Message);
        Assert.Contains("apt-get install -y no-such-package-7f3a", error.Message);
    }

    [Fact]
    public async Task A_configured_path_that_does_not_exist_is_reported_as_such()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hosting:Binaries:redis-server"] = "/nonexistent/redis-server" }).Build();
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => new ServerBinaryLocator(config, _ => { }).FindAsync(ServerBinary.Redis));
        Assert.Contains("configured at '/nonexistent/redis-server' (Hosting:Binaries:redis-server)", error.Message);
    }
}

public class TokenTests
{
    [Fact]
    public void Minted_tokens_carry_role_clearance_subject_and_a_valid_hs256_signature()
    {
        var token = TokenCommand.Mint(new string('k', 64), "iss", "aud", "alice", "ml-engineer", "confidential", TimeSpan.FromHours(1), DateTimeOffset.UnixEpoch);
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);

        static byte[] Decode(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
        var payload = System.Text.Json.JsonDocument.Parse(Decode(parts[1])).RootElement;
        Assert.Equal("alice", payload.GetProperty("sub").GetString());
        Assert.Equal("ml-engineer", payload.GetProperty("role").GetString());
        Assert.Equal("confidential", payload.GetProperty("clearance").GetString());
        Assert.Equal(3600, payload.GetProperty("exp").GetInt64());

        var expected = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(new string('k', 64)), System.Text.Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        Assert.Equal(expected, Decode(parts[2]));
    }
}

public class SubsetTests
{
    [Fact]
    public void Hosting_Only_runs_the_named_resources_and_what_they_need()
    {
        var builder = Testing.DistributedApplicationTestingBuilder.Create(new Testing.TestingOptions { Args = ["--Hosting:Only=api"] });
        var db = builder.AddPostgres("pg").AddDatabase("db");
        var api = builder.AddProject<Projects.Reference_SampleService>("api").WithReference(db);
        builder.AddProject<Projects.Reference_SampleService>("web").WithReference(api);
        builder.AddRedis("cache");

        var app = builder.Build();

        Assert.Equal(["api", "db", "pg", "pg-password"], app.Resources.Select(r => r.Name).Order());
    }

    [Fact]
    public void An_unknown_name_in_Hosting_Only_lists_the_resources_there_are()
    {
        var builder = Testing.DistributedApplicationTestingBuilder.Create(new Testing.TestingOptions { Args = ["--Hosting:Only=nope"] });
        builder.AddRedis("cache");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.Build());

        Assert.Equal("There is no resource named 'nope' (Hosting:Only). Resources: cache-password, cache.", error.Message);
    }
}
