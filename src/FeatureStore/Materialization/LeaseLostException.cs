namespace Reference.FeatureStore.Materialization;

// Thrown inside a run when a fenced write finds that another attempt holds the job: the run stops writing.
public sealed class LeaseLostException() : Exception("This replica no longer holds the materialization's lease.");
