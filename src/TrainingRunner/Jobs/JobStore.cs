using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Reference.TrainingRunner.Jobs;

// Reads and writes training_jobs and their events. Mutations take the caller's transaction, so the audit record
// and the idempotency record commit with them.
public sealed class JobStore(NpgsqlDataSource dataSource)
{
    public const string EventChannel = "training_job_events";

    // Event payloads are small dictionaries and records of the job's own contracts.
    internal static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private const string Columns = """
        id, use_case, model, state, stage, percent, attempts, max_attempts, pool, trigger, classification, residency,
        placement::text, error, result::text, request::text, submitted_by, created_at, started_at, finished_at
        """;

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewJob job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO training_jobs (id, use_case, model, request, trigger, state, max_attempts, pool_order, classification, residency,
                                       requires_gpu, submitted_by, submitted_role)
            VALUES ($1, $2, $3, $4::jsonb, $5, 'Queued', $6, $7, $8, $9, $10, $11, $12)
            """, connection, transaction);
        command.Parameters.Add(new() { Value = job.Id });
        command.Parameters.Add(new() { Value = job.UseCase });
        command.Parameters.Add(new() { Value = job.Model });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(job.Request, TrainingJsonContext.Default.JobRequest) });
        command.Parameters.Add(new() { Value = job.Trigger });
        command.Parameters.Add(new() { Value = job.MaxAttempts });
        command.Parameters.Add(new() { Value = job.PoolOrder.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = job.Classification });
        command.Parameters.Add(new() { Value = job.Residency });
        command.Parameters.Add(new() { Value = job.RequiresGpu });
        command.Parameters.Add(new() { Value = job.SubmittedBy });
        command.Parameters.Add(new() { Value = job.SubmittedRole });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AppendEventAsync(connection, transaction, job.Id, "state", new Dictionary<string, object> { ["state"] = JobStates.Queued, ["trigger"] = job.Trigger }, cancellationToken);
    }

    public async Task<TrainingJob?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, null, id, forUpdate: false, cancellationToken);
    }

    public static async Task<TrainingJob?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM training_jobs WHERE id = $1{(forUpdate ? " FOR UPDATE" : "")}", connection, transaction);
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    // Newest first; the cursor is the last (created_at, id) of the previous page.
    public async Task<IReadOnlyList<TrainingJob>> ListAsync(string? state, string? model, DateTimeOffset? beforeCreated, Guid? beforeId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {Columns} FROM training_jobs
            WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR model = $2)
              AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
            ORDER BY created_at DESC, id DESC
            LIMIT $5
            """);
        command.Parameters.Add(new() { Value = (object?)state ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)model ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)beforeCreated ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)beforeId ?? Guid.Empty, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = limit });
        var jobs = new List<TrainingJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(Read(reader));
        }
        return jobs;
    }

    public static async Task AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid jobId, string kind, object data, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH inserted AS (INSERT INTO training_job_events (job_id, kind, data) VALUES ($1, $2, $3::jsonb) RETURNING id)
            SELECT pg_notify($4, $1::text) FROM inserted
            """, connection, transaction);
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = kind });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(data, data.GetType(), EventJson) });
        command.Parameters.Add(new() { Value = EventChannel });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JobEvent>> EventsAfterAsync(Guid jobId, long afterId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, kind, at, data::text FROM training_job_events WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT 500");
        command.Parameters.Add(new() { Value = jobId });
        command.Parameters.Add(new() { Value = afterId });
        var events = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var data = JsonDocument.Parse(reader.GetString(3));
            events.Add(new JobEvent(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), data.RootElement.Clone()));
        }
        return events;
    }

    private static TrainingJob Read(NpgsqlDataReader reader)
    {
        T? Json<T>(int ordinal, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
            reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(reader.GetString(ordinal), type);
        DateTimeOffset? Time(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
        string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
        return new TrainingJob(
            reader.GetGuid(0).ToString(), reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), reader.GetDouble(5),
            reader.GetInt32(6), reader.GetInt32(7), Text(8), reader.GetString(9), reader.GetString(10), reader.GetString(11),
            Json(12, TrainingJsonContext.Default.JobPlacementDecision), Text(13), Json(14, TrainingJsonContext.Default.JobOutcome),
            Json(15, TrainingJsonContext.Default.JobRequest)!, reader.GetString(16), reader.GetFieldValue<DateTimeOffset>(17), Time(18), Time(19));
    }
}

public sealed record NewJob(
    Guid Id, string UseCase, string Model, JobRequest Request, string Trigger, int MaxAttempts, IReadOnlyList<string> PoolOrder,
    string Classification, string Residency, bool RequiresGpu, string SubmittedBy, string SubmittedRole);
