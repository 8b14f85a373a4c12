namespace Reference.Serving.Models;

// When the model lifecycle's next reconcile pass is due, and whether the registry itself set that time (its
// Retry-After; then alias events do not hurry it).
internal readonly record struct NextReconcile(TimeSpan After, bool RegistryAskedToWait);
