using Microsoft.AspNetCore.Http;

namespace Reference.FeatureStore.Mutations;

// What a mutation decided: a response to commit (body already JSON), or a refusal that rolls everything back.
public sealed class MutationResult
{
    private MutationResult(int statusCode, string? body, string? location, IResult? refusal, Action? committed = null)
    {
        StatusCode = statusCode;
        Body = body;
        Location = location;
        Refusal = refusal;
        Committed = committed;
    }

    public int StatusCode { get; }

    public string? Body { get; }

    public string? Location { get; }

    public IResult? Refusal { get; }

    // Runs once the transaction committed (not on a refusal, a rollback or an idempotent replay): metrics of what changed.
    public Action? Committed { get; }

    public static MutationResult Commit(int statusCode, string body, string? location = null, Action? committed = null) => new(statusCode, body, location, null, committed);

    public static MutationResult Refuse(IResult refusal) => new(0, null, null, refusal);
}
