using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Reference.Cli.Console;

// One task's progress: a Spectre bar, or a few plain lines so that logs stay short.
public sealed class ProgressLine
{
    private readonly string title;
    private readonly TextWriter? plain;
    private readonly ProgressTask? bar;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Stopwatch sinceLine = Stopwatch.StartNew();
    private int lastDecile = -1;
    private string? detail;

    internal ProgressLine(string title, TextWriter? plain, ProgressTask? bar = null)
    {
        this.title = title;
        this.plain = plain;
        this.bar = bar;
    }

    public void Report(double done, double total, string? detail = null)
    {
        var fraction = total > 0 ? Math.Clamp(done / total, 0, 1) : 0;
        this.detail = detail;
        if (bar is not null)
        {
            bar.Value = fraction;
            bar.Description = Markup.Escape(detail is null ? title : $"{title} ({detail})");
            return;
        }

        // A line per 10% (at most one each 2 s), and one each 10 s while nothing moves, so a queued job shows it waits.
        var decile = (int)(fraction * 10);
        if ((decile > lastDecile && (sinceLine.Elapsed >= TimeSpan.FromSeconds(2) || lastDecile < 0)) || sinceLine.Elapsed >= TimeSpan.FromSeconds(10))
        {
            lastDecile = Math.Max(decile, lastDecile);
            sinceLine.Restart();
            plain!.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: {fraction * 100:0}%{(detail is null ? "" : $" ({detail})")}"));
        }
    }

    internal void Finish()
    {
        if (bar is not null)
        {
            bar.Value = bar.MaxValue;
            bar.StopTask();
            return;
        }

        plain!.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title}: done in {clock.Elapsed.TotalSeconds:0.0} s{(detail is null ? "" : $" ({detail})")}"));
    }
}
