using Reference.Learning.Trainers;

namespace Reference.TrainingRunner.Runs;

// The latest stage and overall percent of a run, written by the run's thread and read by the worker's reporting
// loop, which turns changes into job updates and events (so the trainer never waits on the database).
public sealed class RunProgress : IProgress<TrainingProgress>
{
    // Each stage's share of the overall percent: training dominates.
    private static readonly Dictionary<string, (double From, double To)> Spans = new()
    {
        [Jobs.JobStages.FetchingData] = (0, 10),
        [Jobs.JobStages.Splitting] = (10, 12),
        [Jobs.JobStages.Training] = (12, 85),
        [Jobs.JobStages.Evaluating] = (85, 90),
        [Jobs.JobStages.Profiling] = (90, 93),
        [Jobs.JobStages.Registering] = (93, 98),
        [Jobs.JobStages.Promoting] = (98, 100),
    };

    private readonly Lock gate = new();
    private readonly Queue<(string Stage, double Percent, object? Detail)> unreported = new();
    private string stage = Jobs.JobStages.FetchingData;
    private double percent;
    private int version;
    private object? detail;

    public void Enter(string next, object? stageDetail = null)
    {
        lock (gate)
        {
            stage = next;
            percent = Spans[next].From;
            detail = stageDetail;
            version++;
            unreported.Enqueue((next, percent, stageDetail));
        }
    }

    public void Report(TrainingProgress value)
    {
        if (value.Total <= 0)
        {
            return;
        }
        lock (gate)
        {
            var (from, to) = Spans[Jobs.JobStages.Training];
            percent = from + ((to - from) * Math.Clamp((double)value.Iteration / value.Total, 0, 1));
            detail = value.ValidationMetric is { } metric
                ? new Dictionary<string, object> { ["iteration"] = value.Iteration, ["total"] = value.Total, [value.ValidationMetricName ?? "validation"] = metric }
                : new Dictionary<string, object> { ["iteration"] = value.Iteration, ["total"] = value.Total };
        }
    }

    // Stage changes since the last call, in order: every stage is reported, however quickly it passed.
    public IReadOnlyList<(string Stage, double Percent, object? Detail)> TakeStageChanges()
    {
        lock (gate)
        {
            var changes = unreported.ToList();
            unreported.Clear();
            return changes;
        }
    }

    public (string Stage, double Percent, int StageVersion, object? Detail) Snapshot()
    {
        lock (gate)
        {
            return (stage, percent, version, detail);
        }
    }
}
