using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Triggers;
using Reference.TrainingRunner.UseCases;

namespace Reference.TrainingRunner.RunOnce;

public sealed record RunOnceTicket(Guid? JobId, bool Attached, string? Refusal);

// Submits a use case's training job for a run-once process, idempotently: under a per-use-case lock, a process finds
// the job of its run (by run id, or the use case's unfinished run-once job) before it submits one. The job is pinned
// to the process's own pool, so the process that submitted it is the one that works it.
public sealed class RunOnceSubmission(NpgsqlDataSource dataSource, JobAdmission admission, JobSubmitter submitter, ServiceTokenIssuer service, TimeProvider time)
{
    public const string Trigger = "run-once";

    public async Task<RunOnceTicket> SubmitAsync(UseCaseSpec spec, WorkerPoolOptions pool, string? runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var gate = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('run-once:' || $1))", connection, transaction))
        {
            gate.Parameters.Add(new() { Value = spec.Name! });
            await gate.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var existing = new NpgsqlCommand("""
            SELECT id FROM training_jobs
            WHERE use_case = $1 AND trigger = 'run-once'
              AND CASE WHEN $2::text IS NULL THEN state IN ('Queued', 'Running') ELSE run_key = $2 END
            ORDER BY created_at DESC LIMIT 1
            """, connection, transaction))
        {
            existing.Parameters.Add(new() { Value = spec.Name! });
            existing.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            if (await existing.ExecuteScalarAsync(cancellationToken) is Guid found)
            {
                return new RunOnceTicket(found, true, null);
            }
        }

        var request = UseCaseCatalog.ToJobRequest(spec, time.GetUtcNow());
        request = request with { Placement = new JobPlacement(pool.Pool, request.Placement?.RequiresGpu) };
        var caller = ServicePrincipal.For(service.ServiceName);
        var (job, problem) = await admission.AdmitAsync(request, caller, cancellationToken);
        if (job is null)
        {
            return new RunOnceTicket(null, false, Describe(problem));
        }
        var id = await submitter.EnqueueAsync(connection, transaction, job, Trigger, caller, cancellationToken);
        await using (var key = new NpgsqlCommand("UPDATE training_jobs SET run_key = $2 WHERE id = $1", connection, transaction))
        {
            key.Parameters.Add(new() { Value = id });
            key.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await key.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new RunOnceTicket(id, false, null);
    }

    // The refusal as one line for the log: the detail and each field's errors.
    private static string Describe(IResult? problem) => problem switch
    {
        ProblemHttpResult p => Join(p.ProblemDetails.Detail, (p.ProblemDetails as HttpValidationProblemDetails)?.Errors),
        ValidationProblem v => Join(v.ProblemDetails.Detail, v.ProblemDetails.Errors),
        _ => "refused",
    };

    private static string Join(string? detail, IDictionary<string, string[]>? errors) =>
        string.Join(" ", new[] { detail }.Concat(errors?.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}") ?? []).Where(s => !string.IsNullOrEmpty(s)));
}
