namespace Reference.FeatureStore.Materialization;

// One attempt of one job held by one replica. Every write the attempt makes is fenced by (owner, attempt), so a
// replica that lost its lease (paused, partitioned) cannot overwrite the attempt that replaced it.
public sealed record MaterializationLease(MaterializationStatus Job, string Owner, int Attempt, MaterializationCheckpoint? Checkpoint);
