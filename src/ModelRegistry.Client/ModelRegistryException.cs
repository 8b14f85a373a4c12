using System.Net;

namespace Reference.ModelRegistry.Client;

// A registry answer other than success, with the problem's detail as the message.
public sealed class ModelRegistryException(HttpStatusCode statusCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}

// The downloaded bytes do not hash to the sha256 the registry recorded (or the caller expected).
public sealed class ArtifactIntegrityException(string message) : Exception(message);
