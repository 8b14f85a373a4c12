namespace Reference.Hosting;

/// <summary>A problem the user can fix (a port in use, a missing binary); shown as one clear message, not a stack trace.</summary>
public sealed class DistributedApplicationException(string message, Exception? inner = null) : Exception(message, inner);
