using System.Globalization;
using System.Text.Json;
using Reference.Cli.Apply;
using Reference.Cli.Connection;
using Reference.Cli.Ingest;
using Reference.Cli.Materialize;
using Reference.Cli.Promote;
using Reference.Cli.Specs;
using Reference.Cli.Train;

namespace Reference.Cli.Up;

// `platform up`, which the AppHost runs once: apply → ingest the sample (unless there) → materialize → train →
// approve the first version's promotion as the local approver → wait until every serving replica is ready. When
// the model already has a champion, only the definitions are applied: later versions follow the normal gates.
public sealed class PlatformUp(CliContext context)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(UseCaseSpec spec, UpOptions options, CancellationToken cancellationToken)
    {
        var training = spec.Training
            ?? throw new CliException($"The spec of '{spec.Name}' has no training section, so there is nothing to serve; add one or use apply/ingest.", ExitCodes.Usage);
        var model = training.Model!;
        var alias = spec.Serving?.Alias ?? "champion";
        await new DefinitionPublisher(context).ApplyAsync(spec, cancellationToken);

        var promotions = new Promotions(context);
        if (await promotions.AliasVersionAsync(model, alias, cancellationToken) is { } current)
        {
            context.Terminal.Done($"{model} version {current} is already {alias}; new versions follow the normal promotion gates (platform train, promote, approve).");
        }
        else
        {
            if (await HasSampleDataAsync(spec, cancellationToken))
            {
                context.Terminal.Done("The feature views already hold data; not ingesting the sample again.");
            }
            else
            {
                await new SampleIngestion(context).IngestAsync(spec, options.Rows, options.Seed, cancellationToken);
            }

            await new Materialization(context).RunAsync(spec, null, null, cancellationToken);
            var pending = await promotions.PendingAsync(model, alias, cancellationToken);
            var promotionId = pending.Count > 0 ? pending[0].GetProperty("id").GetInt64() : await TrainFirstVersionAsync(spec, options, cancellationToken);
            await promotions.ApproveAsync(promotionId, "First version of the use case, approved by `platform up` on a local platform.", cancellationToken);
        }

        await WaitForServingAsync(model, options.ServingTimeout, cancellationToken);
        PrintExample(spec, options);
    }

    private async Task<long> TrainFirstVersionAsync(UseCaseSpec spec, UpOptions options, CancellationToken cancellationToken)
    {
        var job = await new TrainingJobs(context).TrainAsync(spec, options.Hyperparameters, cancellationToken);
        var promotion = job.GetProperty("result").TryGetProperty("promotion", out var p) ? p : default;
        if (promotion.ValueKind != JsonValueKind.Object || !promotion.GetProperty("requested").GetBoolean() || promotion.Text("status") != "pending")
        {
            throw new CliException($"The first version was not put up for promotion, so there is no champion to serve: {promotion.Text("detail")} " +
                "Check the training gates in the spec (training.gates) against the metrics above.");
        }

        return promotion.GetProperty("promotionId").GetInt64();
    }

    private async Task<bool> HasSampleDataAsync(UseCaseSpec spec, CancellationToken cancellationToken)
    {
        foreach (var view in spec.FeatureViews)
        {
            var stats = await context.Platform.GetOrNullAsync("feature-store", $"/api/feature-views/{view.Name}/stats", Roles.Viewer, cancellationToken);
            if (stats is not { } s || s.GetProperty("rows").GetInt64() == 0)
            {
                return false;
            }
        }

        return spec.Training?.EntitySet is not { } set
            || await context.Platform.GetOrNullAsync("feature-store", $"/api/entity-sets/{set}", Roles.Viewer, cancellationToken) is not null;
    }

    private async Task WaitForServingAsync(string model, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IReadOnlyList<Uri> replicas;
        try
        {
            replicas = context.Platform.Endpoints.All("serving");
        }
        catch (CliException)
        {
            context.Terminal.Line("Serving is not part of this platform; not waiting for it.");
            return;
        }

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await context.Terminal.TrackAsync($"Waiting for serving to load {model}", async line =>
            {
                var ready = new HashSet<Uri>();
                while (ready.Count < replicas.Count)
                {
                    foreach (var replica in replicas.Where(r => !ready.Contains(r)))
                    {
                        // The model's own readiness: /v2/health/ready waits for every use case's champion.
                        if (await IsReadyAsync(probe, new Uri(replica, $"/v2/models/{Uri.EscapeDataString(model)}/ready"), context.Platform.Credentials.For(Roles.Viewer), limit.Token))
                        {
                            ready.Add(replica);
                        }
                    }

                    line.Report(ready.Count, replicas.Count, $"{ready.Count} of {replicas.Count} replicas ready");
                    if (ready.Count < replicas.Count)
                    {
                        await Task.Delay(PollInterval, limit.Token);
                    }
                }

                return true;
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"Serving did not report {model} ready within {timeout.TotalSeconds:0} s; see the serving resource's log.");
        }

        context.Terminal.Done($"Serving is ready with {model} on {replicas.Count} {(replicas.Count == 1 ? "replica" : "replicas")}.");
    }

    private static async Task<bool> IsReadyAsync(HttpClient probe, Uri url, string token, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await probe.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // A command that scores the sample's newest entity, so that the last thing a user sees is how to use what runs.
    private void PrintExample(UseCaseSpec spec, UpOptions options)
    {
        if (spec.SampleData is null || spec.Entities.FirstOrDefault()?.JoinKeys.FirstOrDefault() is not { } key)
        {
            return;
        }

        var sample = SampleDataGenerators.Find(spec.SampleData.Generator).Generate(options.Rows ?? spec.SampleData.Rows ?? 10_000, options.Seed ?? spec.SampleData.Seed ?? 42);
        if (sample.EntityRows.LastOrDefault()?.GetValueOrDefault(key) is not { } value)
        {
            return;
        }

        Uri serving;
        try
        {
            serving = context.Platform.Endpoints.First("serving");
        }
        catch (CliException)
        {
            return;
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, object> { ["entities"] = new Dictionary<string, object[]> { [key] = [value] } });
        context.Terminal.Line(string.Create(CultureInfo.InvariantCulture, $"Score an entity:{Environment.NewLine}" +
            $"  curl -s {new Uri(serving, $"/api/predict/{spec.Training!.Model}")} -H \"Authorization: Bearer $(dotnet run --project AppHost -- token --role viewer --clearance confidential)\" " +
            $"-H 'Content-Type: application/json' -d '{body}'"));
    }
}

public sealed record UpOptions(int? Rows, int? Seed, IReadOnlyDictionary<string, string> Hyperparameters, TimeSpan ServingTimeout);
