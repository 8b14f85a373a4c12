using System.Collections.Concurrent;
using Spectre.Console;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// Resource log lines with the resource's name as prefix, a status table (resource, state, endpoint, pid,
/// restarts) whenever states change, and a log file per resource under .platform/run/logs.
/// </summary>
internal sealed class ConsoleReporter : ILogSink, IDisposable
{
    private static readonly string[] Colors = ["cyan", "green", "yellow", "magenta", "blue", "aqua", "lime", "fuchsia", "orange1", "springgreen2"];

    private const string HostingSource = "hosting";

    private readonly bool console;
    private readonly IAnsiConsole? terminal;
    private readonly IAnsiConsole plain;
    private readonly string logDirectory;
    private readonly ConcurrentDictionary<string, StreamWriter> files = new();
    private readonly ConcurrentDictionary<string, string> colors = new();
    private readonly Lock consoleGate = new();
    private readonly Timer tableTimer;
    private ResourceNotificationService? notifications;
    private int prefixWidth = 12;

    public ConsoleReporter(string stateDirectory, bool console)
    {
        this.console = console;
        terminal = Console.IsOutputRedirected ? null : AnsiConsole.Console;
        plain = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(Console.Out) });
        plain.Profile.Width = 200;
        logDirectory = Path.Combine(stateDirectory, "run", "logs");
        Directory.CreateDirectory(logDirectory);
        tableTimer = new Timer(_ => PrintTable(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Once the platform is ready, every state change reprints the table (debounced).</summary>
    public bool Live { get; set; }

    public void Attach(ResourceNotificationService service)
    {
        notifications = service;
        prefixWidth = Math.Max(prefixWidth, service.Snapshots.Select(s => s.Name.Length + 2).DefaultIfEmpty(0).Max());
        service.Changed += snapshot =>
        {
            if (Live)
            {
                tableTimer.Change(300, Timeout.Infinite);
            }
            else if (snapshot.State is KnownResourceStates.Healthy or KnownResourceStates.Running or KnownResourceStates.FailedToStart or KnownResourceStates.Exited)
            {
                Info($"{snapshot.Name}: {snapshot.State}{(snapshot.Urls.FirstOrDefault() is { } url ? " at " + url : string.Empty)}{(snapshot.Message is { } m ? " (" + m + ")" : string.Empty)}");
            }
        };
    }

    public void ResourceLine(string resource, string line, bool isError)
    {
        var file = files.GetOrAdd(resource, name => new StreamWriter(new FileStream(Path.Combine(logDirectory, name + ".log"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true });
        lock (file)
        {
            file.WriteLine($"{DateTimeOffset.UtcNow:O} {(isError ? "ERR" : "OUT")} {line}");
        }

        if (!console)
        {
            return;
        }

        lock (consoleGate)
        {
            if (terminal is null)
            {
                // Redirected (CI, a pipe, a test): plain lines, never wrapped, no colour codes.
                Console.Out.WriteLine($"{resource.PadRight(prefixWidth)}| {line}");
                return;
            }

            var color = colors.GetOrAdd(resource, name => Colors[(uint)name.GetHashCode(StringComparison.Ordinal) % Colors.Length]);
            terminal.MarkupLine($"[{color}]{Markup.Escape(resource.PadRight(prefixWidth))}|[/] {(isError ? "[red]" + Markup.Escape(line) + "[/]" : Markup.Escape(line))}");
        }
    }

    public void Info(string message) => ResourceLine(HostingSource, message, isError: false);

    public void Error(string message) => ResourceLine(HostingSource, message, isError: true);

    public void PrintTable()
    {
        if (!console || notifications is null)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Resource", "Type", "State", "Endpoint", "PID", "Restarts");
        foreach (var s in notifications.Snapshots)
        {
            var stateColor = s.State switch
            {
                KnownResourceStates.Healthy or KnownResourceStates.Running or KnownResourceStates.Finished => "green",
                KnownResourceStates.Starting or KnownResourceStates.Waiting => "yellow",
                KnownResourceStates.Stopped or KnownResourceStates.NotStarted => "grey",
                _ => "red",
            };
            var exit = s.Instances.FirstOrDefault(i => i.ExitCode is not null)?.ExitCode;
            table.AddRow(
                Markup.Escape(s.Name),
                Markup.Escape(s.Type),
                $"[{stateColor}]{Markup.Escape(s.State + (s.State == KnownResourceStates.Exited && exit is not null ? $" ({exit})" : string.Empty))}[/]",
                Markup.Escape(string.Join(" ", s.Urls)),
                string.Join(" ", s.Pids),
                s.Restarts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        lock (consoleGate)
        {
            (terminal ?? plain).Write(table);
        }
    }

    public void Dispose()
    {
        tableTimer.Dispose();
        foreach (var file in files.Values)
        {
            lock (file)
            {
                file.Dispose();
            }
        }
    }
}
