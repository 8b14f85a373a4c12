namespace Reference.TrainingRunner.Queue;

// One attempt of one job, held by one worker slot while its heartbeats keep lease_expires in the future.
public sealed record JobLease(Guid JobId, string Owner, int Attempt, int MaxAttempts, string Pool, string SubmittedBy, string SubmittedRole, Jobs.JobRequest Request,
    DateTimeOffset SubmittedAt = default)
{
    public Runs.Submitter Submitter => new(SubmittedBy, SubmittedRole, SubmittedAt);
}
