using System.CommandLine;
using Reference.Cli.Connection;
using Reference.Cli.Console;

namespace Reference.Cli;

// Options every verb takes (where the platform is, who you are) and the one way verbs run: a CliException becomes
// its message on stderr and its exit code, never a stack trace.
public sealed class GlobalOptions(IReadOnlyDictionary<string, string> environment, Terminal terminal, TextWriter error)
{
    public Option<string[]> Endpoint { get; } = new("--endpoint")
    {
        Description = "A service's address, as name=url (repeatable), e.g. feature-store=http://127.0.0.1:5000. Default: the AppHost's environment or .platform/run/endpoints.json.",
        Recursive = true,
        DefaultValueFactory = _ => [],
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "A bearer token to act with (or PLATFORM_TOKEN). Default: tokens signed with the local platform's key.",
        Recursive = true,
    };

    public Option<string?> StateDirectory { get; } = new("--state-dir")
    {
        Description = "The local platform's state folder (default: the nearest .platform/ above the current folder).",
        Recursive = true,
    };

    public Terminal Terminal { get; } = terminal;

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Endpoint);
        root.Options.Add(Token);
        root.Options.Add(StateDirectory);
    }

    public async Task<int> RunAsync(ParseResult parse, Func<CliContext, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            using var context = CliContext.Create(
                new ConnectionOptions(parse.GetValue(Endpoint) ?? [], parse.GetValue(Token), parse.GetValue(StateDirectory)), environment, Terminal);
            await work(context, cancellationToken);
            return ExitCodes.Ok;
        }
        catch (CliException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.");
            return 130;
        }
    }
}
