using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Governance;
using Reference.FeatureStore.Offline;
using Reference.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace Reference.FeatureStore.Apis;

public static class HistoricalFeaturesApi
{
    private const long MaxBodyBytes = 8L * 1024 * 1024 * 1024;

    public const string LineageHeader = "Feature-View-Versions";

    public static RouteGroupBuilder MapHistoricalFeaturesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/historical-features").WithTags("Offline store");
        group.MapPost("/", GetHistoricalFeatures).RequireAnyRole(Roles.Service, Roles.DataScientist, Roles.MlEngineer)
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson", additionalContentTypes: ["text/csv"]);
        return group;
    }

    // Entity rows stream from the request into a temporary table (binary COPY), one point-in-time query joins every
    // view, and its rows stream back in input order: neither side is held in memory.
    public static async Task<IResult> GetHistoricalFeatures(HttpContext http, NpgsqlDataSource dataSource, FeatureReferences references, EntitySetStore entitySets, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }
        var csv = WantsCsv(http.Request);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        HistoricalRequestParser request;
        try
        {
            (request, _) = await EntityRowUpload.CopyAsync(connection, transaction, http.Request.BodyReader, cancellationToken);
        }
        catch (RowRejectedException rejected)
        {
            return new ValidationErrors().Add($"entityRows[{rejected.Row}].{rejected.Field}", rejected.Message).ToProblem();
        }
        catch (JsonException malformed)
        {
            return OnlineFeaturesApi.Malformed(malformed);
        }

        var errors = new ValidationErrors();
        var entityTable = PointInTimeJoin.EntityTable;
        var columns = request.Columns;
        if (request.EntitySet is { } setName)
        {
            if (request.HasEntityRows)
            {
                return errors.Add("entitySet", "Give either entityRows or entitySet, not both.").ToProblem();
            }
            var set = DefinitionNames.IsValid(setName) ? await entitySets.GetAsync(setName, cancellationToken) : null;
            if (set is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unknown entity set",
                    detail: $"There is no entity set '{setName}'; store it first with PUT /api/entity-sets/{setName}.");
            }
            entityTable = PointInTimeJoin.EntitySetTable(set.Name);
            columns = EntityRowColumns.From(set.Columns);
        }
        else if (!request.HasEntityRows)
        {
            return errors.Add("entityRows", "Give entityRows (objects with the join keys and event_timestamp; other fields are passed through) or an entitySet name.").ToProblem();
        }
        if ((request.Features is { Count: > 0 }) == (request.FeatureService is not null))
        {
            return errors.Add("features", "Give either features (\"view:feature\" or \"view:*\") or featureService.").ToProblem();
        }
        var selection = await references.ResolveAsync(request.Features?.ToArray(), request.FeatureService, errors, cancellationToken);
        if (selection is null)
        {
            return OnlineFeaturesApi.Unresolved(errors);
        }
        if (GovernanceRules.CheckClearance(http.User, selection.Views.Select(v => v.View)) is { } forbidden)
        {
            return forbidden;
        }

        // vals[] is 1-based in SQL.
        var keyIndexes = new List<int[]>();
        foreach (var view in selection.Views)
        {
            var indexes = view.View.JoinKeys.Select(k => columns.IndexOf(k) + 1).ToArray();
            for (var k = 0; k < indexes.Length; k++)
            {
                if (indexes[k] == 0 && (request.Rows > 0 || request.EntitySet is not null))
                {
                    errors.Add($"entityRows[0].{view.View.JoinKeys[k]}", $"Feature view '{view.View.Name}' is keyed by {string.Join(", ", view.View.JoinKeys)}; every entity row needs '{view.View.JoinKeys[k]}'.");
                }
            }
            keyIndexes.Add(indexes);
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (await FirstRowWithoutKeyAsync(connection, transaction, entityTable, keyIndexes, columns, cancellationToken) is { } missing)
        {
            errors.Add($"entityRows[{missing.Row}].{missing.Key}", $"Entity row {missing.Row} has no value for join key '{missing.Key}'.");
            return errors.ToProblem();
        }

        await using var query = PointInTimeJoin.BuildQuery(connection, transaction, selection, keyIndexes, entityTable);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        http.Response.StatusCode = StatusCodes.Status200OK;
        // Lineage for the caller's training dataset: which version of each view the rows come from.
        http.Response.Headers[LineageHeader] = string.Join(",", selection.Views.Select(v => $"{v.View.Name}@{v.View.Definition.Version}"));
        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        if (csv)
        {
            await HistoricalResultWriter.WriteCsvAsync(reader, selection, request.FullFeatureNames, columns.Names, http.Response.Body, cancellationToken);
        }
        else
        {
            await HistoricalResultWriter.WriteNdjsonAsync(reader, selection, request.FullFeatureNames, http.Response.BodyWriter, cancellationToken);
        }
        return Results.Empty;
    }

    private static async Task<(long Row, string Key)?> FirstRowWithoutKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string entityTable, List<int[]> keyIndexes, EntityRowColumns columns, CancellationToken cancellationToken)
    {
        var needed = keyIndexes.SelectMany(i => i).Distinct().ToArray();
        if (needed.Length == 0)
        {
            return null;
        }
        var condition = string.Join(" OR ", needed.Select(i => $"vals[{i}] IS NULL"));
        await using var command = new NpgsqlCommand($"SELECT ord, {string.Join(", ", needed.Select(i => $"vals[{i}] IS NULL"))} FROM {entityTable} WHERE {condition} ORDER BY ord LIMIT 1", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        for (var i = 0; i < needed.Length; i++)
        {
            if (reader.GetBoolean(1 + i))
            {
                return (reader.GetInt64(0), columns.Names[needed[i] - 1]);
            }
        }
        return null;
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        && !accept.Any(a => a.MediaType.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase));
}
