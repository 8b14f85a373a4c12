using System.Globalization;
using System.Text.Json;
using Reference.Cli.Connection;
using Reference.Cli.Specs;

namespace Reference.Cli.Train;

// `platform train`: submits the spec's training job and follows it to the end (stage and percent), then reports the
// registered version, its metrics and whether the runner asked for its promotion to champion.
public sealed class TrainingJobs(CliContext context)
{
    private const string Runner = "training-runner";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task<JsonElement> TrainAsync(UseCaseSpec spec, IReadOnlyDictionary<string, string> overrides, CancellationToken cancellationToken)
    {
        var request = TrainingJobRequest.From(spec, overrides);
        var job = await context.Platform.SendAsync(HttpMethod.Post, Runner, "/api/jobs", request, Roles.MlEngineer, cancellationToken, idempotencyKey: Guid.NewGuid().ToString("N"));
        var id = job.GetProperty("id").GetString();
        context.Terminal.Line($"Training job {id} submitted for model {spec.Training!.Model}.");
        var final = await context.Terminal.TrackAsync($"Training {spec.Training.Model}", async line =>
        {
            while (true)
            {
                var current = await context.Platform.SendAsync(HttpMethod.Get, Runner, $"/api/jobs/{id}", null, Roles.Viewer, cancellationToken);
                var state = current.Text("state");
                var pool = current.Text("pool");
                var stage = current.Text("stage") is { Length: > 0 } running ? running : state;
                line.Report(current.GetProperty("percent").GetDouble(), 100, pool.Length > 0 ? $"{stage} on {pool}" : stage);
                if (state is "Succeeded" or "Failed" or "Cancelled")
                {
                    return current;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        });

        if (final.Text("state") != "Succeeded")
        {
            throw new CliException($"Training job {id} {final.Text("state").ToLowerInvariant()}: {final.Text("error")}");
        }

        var result = final.GetProperty("result");
        var metrics = string.Join(", ", result.GetProperty("metrics").EnumerateObject().Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Value.GetDouble():0.###}")));
        context.Terminal.Done($"Registered {result.Text("model")} version {result.Text("version")} ({metrics}; {result.GetProperty("trainingRows").GetInt64():N0} training rows).");
        if (result.TryGetProperty("promotion", out var promotion) && promotion.ValueKind == JsonValueKind.Object)
        {
            context.Terminal.Line(promotion.Text("detail"));
        }

        return final;
    }
}
