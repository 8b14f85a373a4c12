using System.Security.Claims;
using System.Text.Json;
using Npgsql;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.TrainingRunner.Jobs;

// Queues an admitted job: the row, its first event and the audit record in the caller's transaction.
public sealed class JobSubmitter(AuditLog audit)
{
    public async Task<Guid> EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AdmittedJob job, string trigger, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var actor = caller.FindFirst(PlatformClaims.Subject)?.Value ?? "unknown";
        var role = Roles.All.Where(caller.IsInRole).OrderBy(r => r == Roles.Admin ? 0 : r == Roles.MlEngineer ? 1 : r == Roles.DataScientist ? 2 : 3).FirstOrDefault() ?? Roles.Viewer;
        var request = job.Request with { MaxAttempts = job.MaxAttempts };
        await JobStore.InsertAsync(connection, transaction, new NewJob(id, request.UseCase!, request.Model!, request, trigger, job.MaxAttempts, job.PoolOrder,
            job.Plan.Classification.ToName(), job.Plan.Residency, request.Placement?.RequiresGpu == true, actor, role), cancellationToken);
        await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "job.submit", Queue.JobQueue.Entity(id), null,
            JsonSerializer.Serialize(request, TrainingJsonContext.Default.JobRequest)), cancellationToken);
        return id;
    }
}
