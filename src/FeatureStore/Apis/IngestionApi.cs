using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.Features;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

public static class IngestionApi
{
    // Bulk loads are large by design (a million rows of ten features is ~200 MB of NDJSON).
    private const long MaxBodyBytes = 8L * 1024 * 1024 * 1024;

    public static RouteGroupBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/feature-views").WithTags("Offline store");
        group.MapPost("/{name}/rows", PostRows).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer)
            .Accepts<IngestionResult>("application/x-ndjson", "application/json", "text/csv")
            .Produces<IngestionResult>();
        return group;
    }

    // NDJSON, a JSON array or CSV; one binary COPY in one transaction, so a bad row rejects the whole request.
    public static async Task<IResult> PostRows(string name, HttpContext http, DefinitionStore store, AuditLog audit, MutationRunner mutations, IngestedRowsCounter ingested, CancellationToken cancellationToken)
    {
        var definition = DefinitionNames.IsValid(name) ? await store.GetViewAsync(name, cancellationToken) : null;
        if (definition is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Feature view not found", detail: $"There is no feature view '{name}'.");
        }
        if (RowIngestion.FormatOf(http.Request.ContentType) is not { } format)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported row format",
                detail: "Send rows as application/x-ndjson, application/json (an array of objects) or text/csv with a header row.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var view = new FeatureView(definition);
        var layout = new RowLayout(view);
        var actor = http.User.Actor();
        string? bodyHash = null;
        return await mutations.RunAsync(http.Request, $"POST /api/feature-views/{name}/rows", () => bodyHash!, async (connection, transaction, ct) =>
        {
            long rows;
            try
            {
                (rows, bodyHash) = await RowIngestion.CopyAsync(connection, layout, format, http.Request.BodyReader, ct);
            }
            catch (RowRejectedException rejected)
            {
                return MutationResult.Refuse(new ValidationErrors().Add(rejected.ErrorKey, rejected.Message)
                    .ToProblem($"No rows were stored: row {rejected.Row} (counting from 0) is invalid. {rejected.Message}"));
            }
            catch (Exception malformed) when (malformed is JsonException or CsvHelperException)
            {
                return MutationResult.Refuse(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed rows",
                    detail: $"No rows were stored: {malformed.Message}"));
            }

            var result = new IngestionResult(name, view.Definition.Version, rows);
            var body = JsonSerializer.Serialize(result, FeatureStoreJsonContext.Default.IngestionResult);
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "rows.ingested", $"feature-view:{name}", null,
                $$"""{"rows":{{rows}},"sha256":"{{bodyHash}}"}"""), ct);
            return MutationResult.Commit(StatusCodes.Status200OK, body, committed: () => ingested.Add(name, rows, IngestedRowsCounter.Ingest));
        }, cancellationToken, bodyIsFingerprint: false);
    }
}
