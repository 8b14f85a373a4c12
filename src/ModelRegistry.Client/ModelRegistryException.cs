using System.Net;

namespace Reference.ModelRegistry.Client;

// A registry answer other than success, with the problem's detail as the message.
public sealed class ModelRegistryException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    // Set on 429 (the registry is saturated) and 503: how long to wait before trying again.
    public TimeSpan? RetryAfter { get; init; }
}

// The downloaded bytes do not hash to the sha256 the registry recorded (or the caller expected).
public sealed class ArtifactIntegrityException(string message) : Exception(message);
