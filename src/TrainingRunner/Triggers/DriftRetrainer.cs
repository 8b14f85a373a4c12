using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.UseCases;

namespace Reference.TrainingRunner.Triggers;

// A drift alert starts a retrain of the model's use case at most once per cooldown: the decision is taken under a
// per-model transaction lock, so alerts that arrive together start one job.
public sealed class DriftRetrainer(NpgsqlDataSource dataSource, UseCaseCatalog useCases, JobAdmission admission, JobSubmitter submitter, AuditLog audit,
    IOptions<TrainingOptions> options, TimeProvider time)
{
    public async Task<IResult> TriggerAsync(DriftTriggerRequest? request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Model))
        {
            return new ValidationErrors().Add("model", "Name the model whose drift was detected.").ToProblem();
        }
        if (request.Reason is { Length: > 2000 })
        {
            return new ValidationErrors().Add("reason", "reason is at most 2000 characters.").ToProblem();
        }
        var spec = useCases.FindByModel(request.Model);
        if (spec?.Training is null)
        {
            return Problems.Unprocessable($"No use case trains model '{request.Model}', so there is nothing to retrain; its usecase.yaml needs a training section.");
        }
        var cooldown = options.Value.DriftCooldown;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('drift:' || $1))", connection, transaction))
        {
            gate.Parameters.Add(new() { Value = request.Model });
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var last = new NpgsqlCommand("SELECT last_fired, last_job_id FROM training_triggers WHERE model = $1", connection, transaction))
        {
            last.Parameters.Add(new() { Value = request.Model });
            await using var reader = await last.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var fired = reader.GetFieldValue<DateTimeOffset>(0);
                var nextAllowed = fired + cooldown;
                if (time.GetUtcNow() < nextAllowed)
                {
                    return TypedResults.Ok(new DriftTriggerResult(false, reader.GetGuid(1).ToString(), request.Model,
                        $"A retrain started at {fired:O} for this model; the cooldown of {cooldown} allows the next at {nextAllowed:O}.", nextAllowed));
                }
            }
        }

        var (job, problem) = await admission.AdmitAsync(UseCaseCatalog.ToJobRequest(spec, time.GetUtcNow()), caller, cancellationToken);
        if (job is null)
        {
            return problem!;
        }
        var id = await submitter.EnqueueAsync(connection, transaction, job, "drift", caller, cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO training_triggers (model, last_fired, last_job_id, reason) VALUES ($1, now(), $2, $3)
            ON CONFLICT (model) DO UPDATE SET last_fired = now(), last_job_id = excluded.last_job_id, reason = excluded.reason
            """, connection, transaction))
        {
            upsert.Parameters.Add(new() { Value = request.Model });
            upsert.Parameters.Add(new() { Value = id });
            upsert.Parameters.Add(new() { Value = (object?)request.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        var actor = caller.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";
        await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "trigger.drift", $"model:{request.Model}", null,
            JsonSerializer.Serialize(request, TrainingJsonContext.Default.DriftTriggerRequest)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Accepted($"/api/jobs/{id}", new DriftTriggerResult(true, id.ToString(), request.Model,
            $"Retraining {request.Model} (use case {spec.Name}) as job {id}.", time.GetUtcNow() + cooldown));
    }
}
