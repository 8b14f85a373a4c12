extern alias runner;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using runner::Reference.TrainingRunner.Infrastructure;
using runner::Reference.TrainingRunner.Runs;
using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Tests;

// When the runner acts for a job's submitter (creating the model, requesting the promotion), and when it does not.
public class DelegationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_runner_acts_for_a_recent_submitter_in_a_delegable_role_with_a_five_minute_act_token()
    {
        var (token, _) = Issuer().IssueFor(new Submitter("alice", Roles.MlEngineer, Now.AddHours(-2)));
        Assert.NotNull(token);
        var jwt = new JsonWebTokenHandler().ReadJsonWebToken(token);
        Assert.Equal("alice", jwt.GetClaim(PlatformClaims.Subject).Value);
        Assert.Equal(Roles.MlEngineer, jwt.GetClaim(PlatformClaims.Role).Value);
        Assert.Contains("training-runner", jwt.GetClaim("act").Value);
        Assert.Equal(TimeSpan.FromMinutes(5), jwt.ValidTo - jwt.ValidFrom);
    }

    [Theory]
    [InlineData(Roles.Service, "acts only for")]   // schedules, drift triggers, run-once jobs
    [InlineData(Roles.Viewer, "acts only for")]
    [InlineData(Roles.Approver, "acts only for")]  // an approver never requests what they would approve
    public void The_runner_never_acts_for_services_or_roles_that_cannot_request(string role, string reason)
    {
        var (token, why) = Issuer().IssueFor(new Submitter("someone", role, Now));
        Assert.Null(token);
        Assert.Contains(reason, why);
    }

    [Fact]
    public void The_runner_stops_acting_for_a_submitter_after_the_delegation_window()
    {
        var (token, why) = Issuer().IssueFor(new Submitter("alice", Roles.DataScientist, Now.AddHours(-25)));
        Assert.Null(token);
        Assert.Contains("delegation window", why);
    }

    private static DelegatedTokenIssuer Issuer()
    {
        var auth = Options.Create(new AuthOptions { SigningKey = Support.TestTokens.SigningKey });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "training-runner" }).Build();
        var time = new FixedTime(Now);
        var service = new ServiceTokenIssuer(auth, configuration, new Environment(), time);
        return new DelegatedTokenIssuer(auth, Options.Create(new TrainingOptions()), service, time);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Reference.TrainingRunner";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
