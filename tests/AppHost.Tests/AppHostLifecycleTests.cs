namespace Reference.AppHost.Tests;

/// <summary>The AppHost as a user runs it: ready line, endpoints file, Ctrl+C and SIGKILL leave nothing behind.</summary>
public class AppHostLifecycleTests
{
    private const int SigInt = 2;
    private const int SigKill = 9;

    [Theory]
    [InlineData(SigInt, "Ctrl+C")]
    [InlineData(SigKill, "SIGKILL")]
    public async Task Stopping_the_apphost_leaves_no_child_process(int signal, string how)
    {
        var state = ProcessChecks.NewStateDirectory();
        try
        {
            using var appHost = AppHostProcess.Start(state);
            var ready = await appHost.WaitForReadyAsync();
            Assert.Matches(@"^Platform ready in \d+\.\d s$", ready);
            var children = appHost.ChildPids();
            Assert.True(appHost.ProcessResourceCount() >= 4);
            // Every process resource runs (serving has two replicas, so there are more processes than resources).
            Assert.Empty(appHost.ProcessResourcesWithoutProcesses());
            Assert.True(children.Length >= appHost.ProcessResourceCount());
            Assert.All(children, pid => Assert.True(ProcessChecks.IsAlive(pid)));
            Assert.NotEmpty(ProcessChecks.ProcessesMentioning(state));

            appHost.Signal(signal);

            Assert.True(await appHost.WaitForExitAsync(TimeSpan.FromSeconds(15)), $"the AppHost did not exit after {how}");
            await ProcessChecks.WaitUntilAsync(() => !children.Any(ProcessChecks.IsAlive) && ProcessChecks.ProcessesMentioning(state).Length == 0,
                TimeSpan.FromSeconds(10), () => $"the children of the AppHost are gone after {how} (alive: {string.Join(", ", children.Where(ProcessChecks.IsAlive))})");
            if (signal == SigInt)
            {
                Assert.Equal(0, appHost.ExitCode);
                Assert.Contains("Stopped in", appHost.Output);
            }
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task When_what_started_the_apphost_is_killed_the_apphost_stops_everything()
    {
        var state = ProcessChecks.NewStateDirectory();
        try
        {
            using var shell = AppHostProcess.StartUnderShell(state);
            await shell.WaitForReadyAsync();
            var children = shell.ChildPids();

            shell.Signal(SigKill);

            await ProcessChecks.WaitUntilAsync(() => !children.Any(ProcessChecks.IsAlive) && ProcessChecks.ProcessesMentioning(state).Length == 0,
                TimeSpan.FromSeconds(20), () => "the AppHost noticed its parent is gone and stopped its children");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_apphost_on_the_same_state_folder_says_so_and_exits()
    {
        var state = ProcessChecks.NewStateDirectory();
        try
        {
            using var first = AppHostProcess.Start(state);
            await first.WaitForReadyAsync();

            using var second = AppHostProcess.Start(state);
            Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(1, second.ExitCode);
            Assert.Contains("Another AppHost is already running with the state folder", second.Output);
            Assert.DoesNotContain("   at ", second.Output);

            first.Signal(SigInt);
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
