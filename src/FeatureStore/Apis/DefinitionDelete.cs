using Npgsql;
using Reference.FeatureStore.Definitions;
using Reference.FeatureStore.Mutations;
using Reference.ServiceDefaults;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Apis;

// The one flow of every definition DELETE: name check, the definition's advisory lock, 404 when absent, 409 naming
// what still uses it, then the removal and its audit record in one transaction; 204. With Idempotency-Key a retry
// replays the first answer; without, deleting again is 404.
public sealed record DefinitionDelete(
    string Kind,
    string Route,
    string Label,
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<string?>> LoadJson,
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<IReadOnlyList<string>>> Dependents,
    Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> Remove)
{
    public async Task<IResult> RunAsync(string name, HttpRequest http, AuditLog audit, MutationRunner mutations, CancellationToken cancellationToken)
    {
        if (!DefinitionNames.IsValid(name))
        {
            return Problems.NotFound($"There is no {Label} '{name}': names are {DefinitionNames.Rule}.");
        }
        var actor = http.HttpContext.User.Actor();
        return await mutations.RunAsync(http, $"DELETE /api/{Route}/{name}", () => "", async (connection, transaction, ct) =>
        {
            await DefinitionStore.LockAsync(connection, transaction, Kind, name, ct);
            if (await LoadJson(connection, transaction, ct) is not { } before)
            {
                return MutationResult.Refuse(Problems.NotFound($"There is no {Label} '{name}'. GET /api/{Route} lists them."));
            }
            if (await Dependents(connection, transaction, ct) is { Count: > 0 } inUse)
            {
                return MutationResult.Refuse(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"{Capitalized} in use",
                    detail: $"{Capitalized} '{name}' is still used by {string.Join(", ", inUse)}. Delete or change those first.",
                    type: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                    extensions: new Dictionary<string, object?> { ["dependents"] = inUse }));
            }
            await Remove(connection, transaction, ct);
            await audit.AppendAsync(connection, transaction, new AuditEntry(actor, $"{Kind}.deleted", $"{Kind}:{name}", before, null), ct);
            return MutationResult.Commit(StatusCodes.Status204NoContent, "");
        }, cancellationToken);
    }

    private string Capitalized => char.ToUpperInvariant(Label[0]) + Label[1..];

    public static Task<IReadOnlyList<string>> Nothing(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    // "kind:name" for each dependent, so the refusal says exactly what to delete or change first.
    public static IReadOnlyList<string> Qualified(string kind, IEnumerable<string> names) => names.Select(n => $"{kind}:{n}").ToArray();
}
