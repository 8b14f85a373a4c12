using Reference.Hosting.Orchestration;
using Reference.Hosting.Testing;

namespace Reference.Hosting.Tests;

/// <summary>One-shot resources (AsOneShot): the application is started only once they finished; a failure is not retried.</summary>
public class OneShotTests
{
    [Fact]
    public async Task Start_returns_only_after_a_one_shot_process_has_finished()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var marker = Path.Combine(builder.StateDirectory, "seeded");
        builder.AddExecutable("seed", "/bin/sh", "/", "-c", $"sleep 1; touch {marker}").AsOneShot();
        await using var app = builder.Build();

        await app.StartAsync(Timeouts.Start);

        Assert.True(File.Exists(marker));
        Assert.Equal(KnownResourceStates.Finished, app.ResourceNotifications.Get("seed").State);
    }

    [Fact]
    public async Task A_failing_one_shot_fails_the_start_once_with_its_last_lines()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("seed", "/bin/sh", "/", "-c", "echo 'error: the spec is invalid' >&2; exit 2").AsOneShot();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(Timeouts.Start));

        Assert.Contains("'seed' failed (exit code 2)", error.Message);
        var snapshot = app.ResourceNotifications.Get("seed");
        Assert.Equal(KnownResourceStates.FailedToStart, snapshot.State);
        Assert.Equal(0, snapshot.Restarts);
        Assert.Contains("error: the spec is invalid", File.ReadAllText(Path.Combine(app.StateDirectory, "run", "logs", "hosting.log")));
    }

    [Fact]
    public void A_one_shot_resource_has_no_replicas_or_health_check()
    {
        var builder = DistributedApplicationTestingBuilder.Create();

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddExecutable("seed", "/bin/true", "/").WithReplicas(2).AsOneShot());

        Assert.Contains("one-shot", error.Message);
    }
}
