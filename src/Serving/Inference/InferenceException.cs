namespace Reference.Serving.Inference;

// A request the server cannot score, with the status to answer and a message that says what to change.
public sealed class InferenceException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static InferenceException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
