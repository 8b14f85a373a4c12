using Reference.Cli.Console;

namespace Reference.Cli.Tests.Support;

/// <summary>The `platform` command run in-process with its output captured, as a user or the AppHost would run it.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await PlatformCommand.RunAsync(args, environment ?? new Dictionary<string, string>(), Terminal.Plain(output), output, error);
        return (code, output.ToString(), error.ToString());
    }
}
