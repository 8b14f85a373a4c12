using Microsoft.Extensions.Options;
using Npgsql;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Storage;

/// <summary>Deletes telemetry older than its retention, in bounded chunks so a large backlog never holds long locks.</summary>
internal sealed class RetentionSweeper(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int ChunkRows = 50_000;

    // Table, time column, retention: SQL identifiers are fixed here, never taken from input.
    private IEnumerable<(string Table, string Column, TimeSpan Retention)> Targets()
    {
        var settings = options.Value;
        yield return ("spans", "start_time", DurationText.Parse(settings.Spans, "Retention:Spans"));
        yield return ("logs", "time", DurationText.Parse(settings.Logs, "Retention:Logs"));
        yield return ("metric_points", "time", DurationText.Parse(settings.Metrics, "Retention:Metrics"));
        yield return ("prediction_samples", "time", DurationText.Parse(settings.Predictions, "Retention:Predictions"));
        yield return ("drift_results", "evaluated_at", DurationText.Parse(settings.Predictions, "Retention:Predictions"));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = DurationText.Parse(options.Value.SweepInterval, "Retention:SweepInterval");
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Deleting expired telemetry failed; the next sweep tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        long deleted = 0;
        foreach (var (table, column, retention) in Targets())
        {
            var cutoff = time.GetUtcNow().UtcDateTime - retention;
            int count;
            do
            {
                await using var command = dataSource.CreateCommand(
                    $"DELETE FROM {table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE {column} < $1 LIMIT {ChunkRows}))");
                command.Parameters.Add(new NpgsqlParameter { Value = cutoff });
                count = await command.ExecuteNonQueryAsync(cancellationToken);
                deleted += count;
            }
            while (count == ChunkRows);
        }
        return deleted;
    }
}
