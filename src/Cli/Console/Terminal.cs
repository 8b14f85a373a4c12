using Spectre.Console;

namespace Reference.Cli.Console;

// Where the CLI writes: progress bars when a person watches a terminal; plain lines (a few per task) when the
// output goes to a file or the AppHost's resource log.
public sealed class Terminal
{
    private readonly TextWriter output;
    private readonly IAnsiConsole? ansi;

    private Terminal(TextWriter output, IAnsiConsole? ansi)
    {
        this.output = output;
        this.ansi = ansi;
    }

    public static Terminal Plain(TextWriter output) => new(output, null);

    public static Terminal ForConsole()
    {
        var interactive = !System.Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new Terminal(System.Console.Out, interactive ? AnsiConsole.Console : null);
    }

    public void Line(string text)
    {
        if (ansi is not null)
        {
            ansi.MarkupLine(Markup.Escape(text));
        }
        else
        {
            output.WriteLine(text);
        }
    }

    public void Done(string text)
    {
        if (ansi is not null)
        {
            ansi.MarkupLine($"[green]✓[/] {Markup.Escape(text)}");
        }
        else
        {
            output.WriteLine("✓ " + text);
        }
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var materialized = rows.ToList();
        if (ansi is not null)
        {
            var table = new Table().AddColumns(headers.Select(h => new TableColumn(Markup.Escape(h))).ToArray());
            foreach (var row in materialized)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            ansi.Write(table);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, materialized.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in materialized)
        {
            output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }
    }

    // Runs work that reports progress (done out of total, and a short detail); returns what it returns.
    public async Task<T> TrackAsync<T>(string title, Func<ProgressLine, Task<T>> work)
    {
        if (ansi is null)
        {
            var line = new ProgressLine(title, output);
            var result = await work(line);
            line.Finish();
            return result;
        }

        return await ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                var line = new ProgressLine(title, null, task);
                var result = await work(line);
                line.Finish();
                return result;
            });
    }
}
