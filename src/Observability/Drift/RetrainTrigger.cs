using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.Observability.Infrastructure;

namespace Reference.Observability.Drift;

/// <summary>
/// Closes the loop: a drifted model asks the training runner for a retrain (POST /api/triggers/drift), at most once per
/// cooldown per model. The cooldown check and the record share a transaction under a per-model advisory lock, so
/// replicas never both fire. Without a training runner in the topology the trigger is recorded as pending.
/// </summary>
public sealed class RetrainTrigger(
    NpgsqlDataSource dataSource, IHttpClientFactory httpClients, IConfiguration configuration, IOptions<DriftOptions> options, TimeProvider time, ILogger<RetrainTrigger> logger)
{
    public const string HttpClientName = "training-runner";

    /// <summary>Fires (or records as pending) unless this model was triggered within the cooldown; returns the new trigger or null.</summary>
    public async Task<DriftTrigger?> FireAsync(DriftResult result, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cooldown = DurationText.Parse(settings.Cooldown, "Drift:Cooldown");
        var report = result.Report;
        var now = time.GetUtcNow();
        var reason = $"Drift detected on version {report.Version}: {report.Features.Count(f => f.Drifted)} of {report.Features.Count} features drifted "
            + $"({string.Join(", ", report.Features.Where(f => f.Drifted).Select(f => f.Name))}) over {report.LiveRows} live rows.";

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockModel = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('drift-trigger:' || $1, 0))", connection, transaction))
        {
            lockModel.Parameters.Add(new NpgsqlParameter { Value = report.Model });
            await lockModel.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var recent = new NpgsqlCommand(
            "SELECT count(*) FROM drift_triggers WHERE model = $1 AND status <> 'failed' AND requested_at > $2", connection, transaction))
        {
            recent.Parameters.Add(new NpgsqlParameter { Value = report.Model });
            recent.Parameters.Add(new NpgsqlParameter { Value = (now - cooldown).UtcDateTime });
            if ((long)(await recent.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return null;
            }
        }

        var (status, detail) = await SendAsync(report.Model, reason, $"drift-{result.Id}", settings, cancellationToken);
        await using var insert = new NpgsqlCommand(
            "INSERT INTO drift_triggers (model, version, drift_result_id, reason, status, detail, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = report.Model });
        insert.Parameters.Add(new NpgsqlParameter { Value = report.Version });
        insert.Parameters.Add(new NpgsqlParameter { Value = result.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = reason });
        insert.Parameters.Add(new NpgsqlParameter { Value = status });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)detail ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Retrain trigger for {Model} version {Version}: {Status}", report.Model, report.Version, status);
        return new DriftTrigger(id, report.Model, report.Version, result.Id, reason, status, detail, now);
    }

    private async Task<(string Status, string? Detail)> SendAsync(string model, string reason, string idempotencyKey, DriftOptions settings, CancellationToken cancellationToken)
    {
        if (!configuration.GetSection($"services:{settings.TrainingRunner}").GetChildren().Any())
        {
            return (DriftTriggerStatuses.Pending, $"No '{settings.TrainingRunner}' resource is in the topology; the retrain waits for one.");
        }
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{settings.TrainingRunner}/api/triggers/drift")
            {
                Content = JsonContent.Create(new RetrainRequest(model, reason), ObservabilityJsonContext.Default.RetrainRequest),
            };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? (DriftTriggerStatuses.Sent, Truncate($"{(int)response.StatusCode}: {body}"))
                : (DriftTriggerStatuses.Failed, Truncate($"{(int)response.StatusCode}: {body}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return (DriftTriggerStatuses.Failed, Truncate(ex.Message));
        }
    }

    private static string Truncate(string text) => text.Length > 1000 ? text[..1000] : text;
}

public sealed record RetrainRequest(string Model, string Reason);
