using Microsoft.AspNetCore.Http;

namespace Reference.FeatureStore.Mutations;

// What a mutation decided: a response to commit (body already JSON), or a refusal that rolls everything back.
public sealed class MutationResult
{
    private MutationResult(int statusCode, string? body, string? location, IResult? refusal)
    {
        StatusCode = statusCode;
        Body = body;
        Location = location;
        Refusal = refusal;
    }

    public int StatusCode { get; }

    public string? Body { get; }

    public string? Location { get; }

    public IResult? Refusal { get; }

    public static MutationResult Commit(int statusCode, string body, string? location = null) => new(statusCode, body, location, null);

    public static MutationResult Refuse(IResult refusal) => new(0, null, null, refusal);
}
