using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Governance;
using Reference.FeatureStore.Online;
using Reference.ServiceDefaults;
using StackExchange.Redis;

namespace Reference.FeatureStore.Apis;

public static class OnlineFeaturesApi
{
    public static RouteGroupBuilder MapOnlineFeaturesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/online-features").WithTags("Online store");
        group.MapPost("/", GetOnlineFeatures).RequireAnyRole(Roles.Service, Roles.DataScientist, Roles.MlEngineer)
            .Accepts<object>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json");
        return group;
    }

    // One pipelined Redis round trip for all views and entity rows; the response is written straight into the
    // response pipe. Redis being down or restarting is a 503 with Retry-After, never a 500.
    public static async Task<IResult> GetOnlineFeatures(HttpContext http, FeatureReferences references, OnlineFeatureReader reader, CancellationToken cancellationToken)
    {
        var body = await http.Request.BodyReader.ReadToEndAsync(cancellationToken);
        var errors = new ValidationErrors();
        OnlineFeaturesRequest? request;
        try
        {
            request = OnlineFeaturesRequest.Parse(new System.Buffers.ReadOnlySequence<byte>(body), errors);
        }
        catch (JsonException malformed)
        {
            return Malformed(malformed);
        }
        if (request is null)
        {
            return errors.ToProblem();
        }
        if ((request.Features is { Count: > 0 }) == (request.FeatureService is not null))
        {
            return errors.Add("features", "Give either features (\"view:feature\" or \"view:*\") or featureService.").ToProblem();
        }
        var selection = await references.ResolveAsync(request.Features?.ToArray(), request.FeatureService, errors, cancellationToken);
        if (selection is null)
        {
            return Unresolved(errors);
        }
        if (GovernanceRules.CheckClearance(http.User, selection.Views.Select(v => v.View)) is { } forbidden)
        {
            return forbidden;
        }

        var reads = new OnlineViewRead[selection.Views.Count];
        for (var v = 0; v < reads.Length; v++)
        {
            var view = selection.Views[v].View;
            var columns = new EntityColumn[view.JoinKeys.Length];
            for (var k = 0; k < columns.Length; k++)
            {
                var column = request.Entities.Find(e => e.Name == view.JoinKeys[k]);
                if (column is null)
                {
                    errors.Add($"entities.{view.JoinKeys[k]}", $"Feature view '{view.Name}' is keyed by {string.Join(", ", view.JoinKeys)}; give values for '{view.JoinKeys[k]}'.");
                    continue;
                }
                columns[k] = column;
            }
            if (!errors.IsEmpty)
            {
                continue;
            }
            var keys = new string[request.RowCount];
            var parts = new string[columns.Length];
            for (var row = 0; row < keys.Length; row++)
            {
                for (var k = 0; k < parts.Length; k++)
                {
                    parts[k] = columns[k].Text[row];
                }
                keys[row] = OnlineStoreLayout.Key(view.Name, parts);
            }
            var features = selection.Views[v].FeatureIndices.Select(i => view.Features[i].Name).ToArray();
            reads[v] = new OnlineViewRead(view.Name, features, view.Ttl, keys);
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        OnlineFeatureValues values;
        try
        {
            values = await reader.ReadAsync(reads);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return OnlineStoreUnavailable();
        }
        return new OnlineFeaturesResult(request, selection, values);
    }

    // Answered here rather than by the exception handler, which the development exception page would pre-empt.
    public static ProblemHttpResult Malformed(JsonException exception) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: exception.Message);

    public static IResult OnlineStoreUnavailable() => new RetryLater(TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Online store unavailable",
        detail: "Redis (online-store) did not answer; it may be restarting. Retry shortly; materialize again if it lost its data."));

    public static ProblemHttpResult Unresolved(ValidationErrors errors) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown features",
        detail: "Some feature references do not resolve to applied feature views.", extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });

    private sealed class OnlineFeaturesResult(OnlineFeaturesRequest request, FeatureSelection selection, OnlineFeatureValues values) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            OnlineResponseWriter.Write(httpContext.Response.BodyWriter, request, selection, values);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }

    private sealed class RetryLater(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = "1";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
