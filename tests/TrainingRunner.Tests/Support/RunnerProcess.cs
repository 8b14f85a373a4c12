using System.Diagnostics;
using System.Text;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Testing;

namespace Reference.TrainingRunner.Tests.Support;

// The training runner's built binary started by hand (as a published Kubernetes Job or an extra replica would run
// it), wired to the fixture's trainingdb, feature store and registry by the environment variables the AppHost injects,
// and reading use-case specs from the test's own folder.
internal sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RunnerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<RunnerProcess> StartAsync(TrainingFixture fixture, string useCasesDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var runner = (ProjectResource)fixture.App.FindResource("training-runner");
        var start = new ProcessStartInfo("dotnet", [runner.Project.TargetPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(runner.Project.TargetPath)!,
        };
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__trainingdb"] = await fixture.App.GetConnectionStringAsync("trainingdb"),
            ["services__feature-store__http__0"] = fixture.App.GetEndpoint("feature-store"),
            ["services__model-registry__http__0"] = fixture.App.GetEndpoint("model-registry"),
            ["Auth__SigningKey"] = TestTokens.SigningKey,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Training__UseCasesDirectory"] = useCasesDirectory,
            ["Training__LeaseDuration"] = "00:00:03",
            ["Training__HeartbeatInterval"] = "00:00:00.500",
            ["Training__PollInterval"] = "00:00:00.200",
            ["Training__RetryBackoff"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new RunnerProcess(Process.Start(start)!);
    }

    // SIGTERM, as the kubelet or the AppHost stops a process.
    public void Terminate() => Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The training runner process did not exit within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    // A folder holding one use-case spec, as src/UseCases/<Name>/usecase.yaml is laid out.
    public static string WriteUseCase(string useCase, string yaml)
    {
        var directory = Path.Combine(Path.GetTempPath(), "training-runner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, useCase));
        File.WriteAllText(Path.Combine(directory, useCase, "usecase.yaml"), yaml);
        return directory;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
