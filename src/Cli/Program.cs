using System.Collections;
using Reference.Cli.Console;

namespace Reference.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        return await PlatformCommand.RunAsync(args, environment, Terminal.ForConsole(), System.Console.Out, System.Console.Error, stop.Token);
    }
}
