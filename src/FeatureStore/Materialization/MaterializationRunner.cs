using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reference.FeatureStore.Materialization;

// Runs queued materializations one at a time per replica, in the background of the request that queued them.
public sealed partial class MaterializationRunner(MaterializationStore jobs, Materializer materializer, MaterializationQueue queue, ILogger<MaterializationRunner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await jobs.ClaimNextAsync(stoppingToken);
                if (job is null)
                {
                    await queue.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                    continue;
                }
                LogStarting(logger, job.Id, string.Join(", ", job.Views));
                await materializer.RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be restarting: try again shortly.
                LogPollFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Materialization {Id} started for {Views}")]
    private static partial void LogStarting(ILogger logger, Guid id, string views);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Materialization queue poll failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
