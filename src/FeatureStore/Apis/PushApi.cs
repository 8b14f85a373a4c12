using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Reference.FeatureStore.Client;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Governance;
using Reference.FeatureStore.Mutations;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Online;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;
using StackExchange.Redis;

namespace Reference.FeatureStore.Apis;

public static class PushApi
{
    public static RouteGroupBuilder MapPushApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/push").WithTags("Push");
        group.MapPost("/{view}", Push).RequireAnyRole(Roles.DataScientist, Roles.MlEngineer, Roles.Service).Produces<IngestionResult>();
        return group;
    }

    // Streaming updates: {rows: [...], to: online|offline|both}. Offline rows commit with the audit record; online
    // rows are written newest-wins before that commit, so a failure leaves the offline store unchanged.
    public static async Task<IResult> Push(string view, HttpContext http, DefinitionStore store, OnlineStoreWriter online, IOptions<PlatformLocation> location,
        AuditLog audit, MutationRunner mutations, IngestedRowsCounter ingested, CancellationToken cancellationToken)
    {
        var definition = DefinitionNames.IsValid(view) ? await store.GetViewAsync(view, cancellationToken) : null;
        if (definition is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Feature view not found", detail: $"There is no feature view '{view}'.");
        }
        var featureView = new FeatureView(definition);
        var body = (await http.Request.BodyReader.ReadToEndAsync(cancellationToken));
        string to = "online";
        byte[]? rowsJson = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException malformed)
        {
            return OnlineFeaturesApi.Malformed(malformed);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new ValidationErrors().Add("rows", "The body is {rows: [...], to: online|offline|both}.").ToProblem();
            }
            if (document.RootElement.TryGetProperty("to", out var toElement))
            {
                to = toElement.ValueKind == JsonValueKind.String ? toElement.GetString()! : "";
            }
            if (document.RootElement.TryGetProperty("rows", out var rowsElement) && rowsElement.ValueKind == JsonValueKind.Array)
            {
                rowsJson = JsonSerializer.SerializeToUtf8Bytes(rowsElement);
            }
        }
        var errors = new ValidationErrors();
        if (to is not ("online" or "offline" or "both"))
        {
            errors.Add("to", "to is online, offline or both.");
        }
        if (rowsJson is null)
        {
            errors.Add("rows", "rows is an array of objects with the join keys, event_timestamp and features.");
        }
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }
        if (to != "offline" && GovernanceRules.CheckResidency(location.Value, [featureView]) is { } refused)
        {
            return refused;
        }

        var layout = new RowLayout(featureView);
        var sink = new BufferedRowSink();
        try
        {
            new JsonRowParser(new RowAssembler(layout, sink)).Parse(new ReadOnlySequence<byte>(rowsJson!), isFinalBlock: true);
        }
        catch (JsonException malformed)
        {
            return OnlineFeaturesApi.Malformed(malformed);
        }
        catch (RowRejectedException rejected)
        {
            return new ValidationErrors().Add(rejected.ErrorKey, rejected.Message).ToProblem($"No rows were pushed: row {rejected.Row} (counting from 0) is invalid.");
        }

        var actor = http.User.Actor();
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        return await mutations.RunAsync(http.Request, $"POST /api/push/{view}", () => fingerprint, async (connection, transaction, ct) =>
        {
            if (to is "offline" or "both")
            {
                await using var importer = await connection.BeginBinaryImportAsync(layout.CopyCommand(), ct);
                var copy = new CopyRowSink(importer);
                foreach (var row in sink.Rows)
                {
                    copy.Write(layout, row);
                }
                await importer.CompleteAsync(ct);
            }
            if (to is "online" or "both")
            {
                try
                {
                    await online.WriteAsync(featureView.Features.Select(f => f.Name).ToArray(), featureView.Ttl, ToOnlineRows(layout, sink.Rows));
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    return MutationResult.Refuse(OnlineFeaturesApi.OnlineStoreUnavailable());
                }
            }
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, "rows.pushed", $"feature-view:{view}", null,
                $$"""{"rows":{{sink.Rows.Count}},"to":"{{to}}","sha256":"{{fingerprint}}"}"""), ct);
            return MutationResult.Commit(StatusCodes.Status200OK, JsonSerializer.Serialize(new IngestionResult(view, definition.Version, sink.Rows.Count),
                Serialization.FeatureStoreJsonContext.Default.IngestionResult),
                committed: to is "offline" or "both" ? () => ingested.Add(view, sink.Rows.Count, IngestedRowsCounter.Push) : null);
        }, cancellationToken);
    }

    private static List<OnlineRow> ToOnlineRows(RowLayout layout, List<RowValue[]> rows)
    {
        var view = layout.View;
        var result = new List<OnlineRow>(rows.Count);
        var keys = new string[view.JoinKeys.Length];
        foreach (var row in rows)
        {
            for (var k = 0; k < keys.Length; k++)
            {
                keys[k] = row[k].Text!;
            }
            var created = row[layout.CreatedTimestampColumn];
            var values = new byte[view.Features.Length][];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = RowValueJson.ToJson(row[layout.FirstFeatureColumn + f], view.Features[f].Type);
            }
            result.Add(new OnlineRow(OnlineStoreLayout.Key(view.Name, keys), OnlineStoreWriter.Microseconds(row[layout.EventTimestampColumn].Time),
                OnlineStoreWriter.Microseconds(created.IsSet && !created.IsNull ? created.Time : DateTime.MinValue), values));
        }
        return result;
    }
}

internal static class PipeReaderExtensions
{
    public static async Task<byte[]> ReadToEndAsync(this System.IO.Pipelines.PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            if (read.IsCompleted)
            {
                var bytes = read.Buffer.ToArray();
                reader.AdvanceTo(read.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }
    }
}
