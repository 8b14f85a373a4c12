using Reference.Cli.Connection;
using Reference.Cli.Console;

namespace Reference.Cli;

// What every verb works with: the platform's services (addresses and credentials) and the terminal.
public sealed class CliContext(PlatformClient platform, Terminal terminal) : IDisposable
{
    public PlatformClient Platform { get; } = platform;

    public Terminal Terminal { get; } = terminal;

    public static CliContext Create(ConnectionOptions options, IReadOnlyDictionary<string, string> environment, Terminal terminal)
    {
        var state = StateDirectory(options.StateDirectory, environment);
        var endpoints = ServiceEndpoints.Resolve(options.Endpoints, environment, state);
        var credentials = Credentials.Resolve(options.Token, environment, state);
        return new CliContext(new PlatformClient(endpoints, credentials), terminal);
    }

    public void Dispose() => Platform.Dispose();

    // --state-dir, PLATFORM_STATE_DIR or Hosting__StateDirectory, else the nearest .platform/ above the current folder.
    private static string? StateDirectory(string? given, IReadOnlyDictionary<string, string> environment)
    {
        if ((given ?? environment.GetValueOrDefault("PLATFORM_STATE_DIR") ?? environment.GetValueOrDefault("Hosting__StateDirectory")) is { Length: > 0 } explicitDirectory)
        {
            return Directory.Exists(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new CliException($"The state folder '{explicitDirectory}' does not exist; give the .platform/ folder of a running platform.", ExitCodes.Usage);
        }

        // Run by the AppHost as a resource: everything comes from the environment, never from another platform's files.
        if (environment.ContainsKey("Auth__SigningKey"))
        {
            return null;
        }

        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, ".platform");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
