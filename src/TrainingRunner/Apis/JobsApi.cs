using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Queue;
using Reference.TrainingRunner.UseCases;
using Reference.TrainingRunner.Workers;

namespace Reference.TrainingRunner.Apis;

public static class JobsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service)
            .Accepts<JobRequest>("application/json").Produces<TrainingJob>(StatusCodes.Status202Accepted);
        jobs.MapPost("/from-spec/{useCase}", SubmitFromSpecAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service)
            .Produces<TrainingJob>(StatusCodes.Status202Accepted);
        jobs.MapGet("/", ListAsync).RequireAuthorization(Policies.Viewer);
        jobs.MapGet("/{id}", GetAsync).RequireAuthorization(Policies.Viewer);
        jobs.MapPost("/{id}/cancel", CancelAsync).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service);
        jobs.MapGet("/{id}/events", JobEventStream.StreamAsync).RequireAuthorization(Policies.Viewer).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapGet("/api/pools", async (PoolDirectory pools, CancellationToken cancellationToken) => TypedResults.Ok(await pools.ListAsync(cancellationToken)))
            .WithTags("Pools").RequireAuthorization(Policies.Viewer);
        return app;
    }

    internal static async Task<IResult> SubmitAsync(HttpContext http, JobAdmission admission, JobSubmitter submitter, NpgsqlDataSource dataSource,
        IdempotencyStore idempotency, CancellationToken cancellationToken)
    {
        JobRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync(TrainingJsonContext.Default.JobRequest, cancellationToken);
        }
        catch (JsonException ex)
        {
            return new ValidationErrors().Add("body", $"The body is not a job in JSON: {ex.Message}").ToProblem();
        }
        catch (InvalidOperationException)
        {
            return TypedResults.Problem("Send the job as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        }
        return await EnqueueAsync(http, request, "api", admission, submitter, dataSource, idempotency, cancellationToken);
    }

    internal static async Task<IResult> SubmitFromSpecAsync(string useCase, HttpContext http, UseCaseCatalog useCases, TimeProvider time, JobAdmission admission,
        JobSubmitter submitter, NpgsqlDataSource dataSource, IdempotencyStore idempotency, CancellationToken cancellationToken)
    {
        var spec = useCases.Find(useCase);
        if (spec is null)
        {
            return Problems.NotFound($"There is no use case '{useCase}' (known: {string.Join(", ", useCases.All.Select(s => s.Name))}).");
        }
        if (spec.Training is null)
        {
            return Problems.Unprocessable($"Use case '{useCase}' has no training section.");
        }
        return await EnqueueAsync(http, UseCaseCatalog.ToJobRequest(spec, time.GetUtcNow()), "spec", admission, submitter, dataSource, idempotency, cancellationToken);
    }

    private static async Task<IResult> EnqueueAsync(HttpContext http, JobRequest? request, string trigger, JobAdmission admission, JobSubmitter submitter,
        NpgsqlDataSource dataSource, IdempotencyStore idempotency, CancellationToken cancellationToken)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 0 && IdempotencyStore.Validate(key) is { } badKey)
        {
            return new ValidationErrors().Add(IdempotencyKeyHeader, badKey).ToProblem();
        }
        var (job, problem) = await admission.AdmitAsync(request, http.User, cancellationToken);
        if (job is null)
        {
            return problem!;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var scope = $"{http.Request.Method} {http.Request.Path}";
        IdempotencyClaim? claim = null;
        if (key.Length > 0)
        {
            claim = await idempotency.ClaimAsync(connection, transaction, scope, key, JsonSerializer.Serialize(request, TrainingJsonContext.Default.JobRequest), cancellationToken);
            if (claim.Mismatch)
            {
                return Problems.Unprocessable($"Idempotency-Key '{key}' was already used for a different job. Use a new key for a new job.", "Idempotency-Key reused with a different request");
            }
            if (claim.Replay is { } replay)
            {
                return new StoredJsonResult(replay);
            }
        }
        var id = await submitter.EnqueueAsync(connection, transaction, job, trigger, http.User, cancellationToken);
        var created = (await JobStore.GetAsync(connection, transaction, id, forUpdate: false, cancellationToken))!;
        var body = JsonSerializer.Serialize(created, TrainingJsonContext.Default.TrainingJob);
        var location = $"/api/jobs/{id}";
        if (claim is { IsNew: true })
        {
            await idempotency.CompleteAsync(connection, transaction, claim, StatusCodes.Status202Accepted, "application/json; charset=utf-8", body, location, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StoredJsonResult(new StoredResponse(StatusCodes.Status202Accepted, "application/json; charset=utf-8", body, location));
    }

    internal static async Task<Results<Ok<TrainingJob>, ProblemHttpResult, ValidationProblem>> GetAsync(string id, JobStore store, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return new ValidationErrors().Add("id", $"'{id}' is not a job id (a UUID).").ToProblem();
        }
        return await store.GetAsync(jobId, cancellationToken) is { } job ? TypedResults.Ok(job) : Problems.NotFound($"There is no job {id}.");
    }

    internal static async Task<Results<Ok<JobPage>, ValidationProblem>> ListAsync(
        [FromQuery] string? state, [FromQuery] string? model, [FromQuery] int? pageSize, [FromQuery] string? pageToken, JobStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (state is not null && !JobStates.All.Contains(state))
        {
            errors.Add("state", $"state is one of {string.Join(", ", JobStates.All)}.");
        }
        Paging.TryParse<JobCursor>(pageSize, pageToken, errors, out var size, out var cursor);
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        var items = await store.ListAsync(state, model, cursor?.CreatedAt, cursor?.Id, size + 1, cancellationToken);
        var page = items.Take(size).ToList();
        var next = items.Count > size ? PageToken.Encode(new JobCursor(page[^1].CreatedAt, Guid.Parse(page[^1].Id))) : null;
        return TypedResults.Ok(new JobPage(page, next));
    }

    // Queued: cancelled at once. Running: the worker sees the request at its next heartbeat and stops the attempt.
    internal static async Task<IResult> CancelAsync(string id, HttpContext http, NpgsqlDataSource dataSource, IdempotencyStore idempotency, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return new ValidationErrors().Add("id", $"'{id}' is not a job id (a UUID).").ToProblem();
        }
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > 0 && IdempotencyStore.Validate(key) is { } badKey)
        {
            return new ValidationErrors().Add(IdempotencyKeyHeader, badKey).ToProblem();
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        IdempotencyClaim? claim = null;
        if (key.Length > 0)
        {
            claim = await idempotency.ClaimAsync(connection, transaction, $"POST /api/jobs/{jobId}/cancel", key, "", cancellationToken);
            if (claim.Replay is { } replay)
            {
                return new StoredJsonResult(replay);
            }
        }
        var job = await JobStore.GetAsync(connection, transaction, jobId, forUpdate: true, cancellationToken);
        if (job is null)
        {
            return Problems.NotFound($"There is no job {id}.");
        }
        if (JobStates.IsFinal(job.State))
        {
            return Problems.Conflict($"Job {id} is already {job.State}; only queued or running jobs can be cancelled.");
        }
        var sql = job.State == JobStates.Queued
            ? "UPDATE training_jobs SET state = 'Cancelled', error = 'Cancelled on request.', finished_at = now(), updated_at = now() WHERE id = $1"
            : "UPDATE training_jobs SET cancel_requested = true, updated_at = now() WHERE id = $1";
        await using (var update = new NpgsqlCommand(sql, connection, transaction))
        {
            update.Parameters.Add(new() { Value = jobId });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }
        var actor = http.User.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";
        await JobStore.AppendEventAsync(connection, transaction, jobId, job.State == JobStates.Queued ? "state" : "cancel-requested",
            new Dictionary<string, object> { ["state"] = job.State == JobStates.Queued ? JobStates.Cancelled : JobStates.Running, ["by"] = actor }, cancellationToken);
        await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "job.cancel", JobQueue.Entity(jobId), job.State, job.State == JobStates.Queued ? JobStates.Cancelled : "cancel-requested"), cancellationToken);
        var updated = (await JobStore.GetAsync(connection, transaction, jobId, forUpdate: false, cancellationToken))!;
        var body = JsonSerializer.Serialize(updated, TrainingJsonContext.Default.TrainingJob);
        if (claim is { IsNew: true })
        {
            await idempotency.CompleteAsync(connection, transaction, claim, StatusCodes.Status202Accepted, "application/json; charset=utf-8", body, null, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new StoredJsonResult(new StoredResponse(StatusCodes.Status202Accepted, "application/json; charset=utf-8", body, null));
    }

    private sealed record JobCursor(DateTimeOffset CreatedAt, Guid Id);
}
