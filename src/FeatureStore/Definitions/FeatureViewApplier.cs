using System.Text.Json;
using Npgsql;
using Reference.FeatureStore.Offline;
using Reference.FeatureStore.Serialization;
using Reference.ServiceDefaults.Persistence;

namespace Reference.FeatureStore.Definitions;

public enum ApplyKind { Created, NewVersion, Updated, Unchanged, Conflict, Unusable }

public sealed record ApplyOutcome(ApplyKind Kind, FeatureViewDefinition? View, string? Problem = null);

// Applies a feature view inside the caller's transaction: resolves join keys, refuses incompatible schema changes,
// creates or widens the offline table, records a new version when the feature set changes, and audits it.
public sealed class FeatureViewApplier(DefinitionStore store, AuditLog audit)
{
    public async Task<ApplyOutcome> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, FeatureViewSpec requested, string actor, CancellationToken cancellationToken)
    {
        await DefinitionStore.LockAsync(connection, transaction, "feature-view", name, cancellationToken);

        var joinKeys = new List<string>();
        foreach (var entityName in requested.Entities)
        {
            // Held to commit, so a concurrent DELETE of the entity waits and then sees this view using it.
            await DefinitionStore.LockAsync(connection, transaction, "entity", entityName, cancellationToken);
            var entity = await store.GetEntityAsync(connection, transaction, entityName, cancellationToken);
            if (entity is null)
            {
                return new ApplyOutcome(ApplyKind.Unusable, null, $"Entity '{entityName}' does not exist. Apply it first with PUT /api/entities/{entityName}.");
            }
            joinKeys.AddRange(entity.JoinKeys.Where(k => !joinKeys.Contains(k)));
        }
        if (requested.Features.FirstOrDefault(f => joinKeys.Contains(f.Name)) is { } clash)
        {
            return new ApplyOutcome(ApplyKind.Unusable, null, $"Feature '{clash.Name}' has the name of a join key; rename the feature.");
        }

        var spec = requested with { JoinKeys = [.. joinKeys] };
        var current = await store.GetViewAsync(connection, transaction, name, cancellationToken);
        if (current is not null && !current.JoinKeys.SequenceEqual(spec.JoinKeys))
        {
            return new ApplyOutcome(ApplyKind.Conflict, current,
                $"Feature view '{name}' is keyed by [{string.Join(", ", current.JoinKeys)}]; it cannot be re-keyed by [{string.Join(", ", spec.JoinKeys)}]. Apply the new shape under a new view name.");
        }

        var table = DefinitionNames.OfflineTable(name);
        var columns = await OfflineTableSchema.ReadColumnsAsync(connection, transaction, table, cancellationToken);
        if (columns is not null && OfflineTableSchema.TypeConflicts(columns, spec) is { Count: > 0 } conflicts)
        {
            return new ApplyOutcome(ApplyKind.Conflict, current,
                $"Feature view '{name}' cannot change the type of existing features: {string.Join("; ", conflicts)}. Apply the changed view under a new name (for example '{name}_v2').");
        }

        var before = current is null ? null : Serialize(current.ToSpec());
        var after = Serialize(spec);
        if (before == after)
        {
            return new ApplyOutcome(ApplyKind.Unchanged, current);
        }

        var schemaChanged = current is null || !SameFeatures(current.Features, spec.Features);
        var version = current is null ? 1 : current.Version + (schemaChanged ? 1 : 0);
        await OfflineTableSchema.CreateOrWidenAsync(connection, transaction, name, spec, columns, cancellationToken);
        var saved = await store.SaveViewAsync(connection, transaction, name, version, spec, schemaChanged, actor, cancellationToken);
        var kind = current is null ? ApplyKind.Created : schemaChanged ? ApplyKind.NewVersion : ApplyKind.Updated;
        await audit.AppendAsync(connection, transaction, new AuditEntry(actor,
            kind switch { ApplyKind.Created => "feature-view.created", ApplyKind.NewVersion => "feature-view.versioned", _ => "feature-view.updated" },
            $"feature-view:{name}", before, after), cancellationToken);
        return new ApplyOutcome(kind, saved);
    }

    private static bool SameFeatures(FeatureField[] a, FeatureField[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type);

    private static string Serialize(FeatureViewSpec spec) => JsonSerializer.Serialize(spec, FeatureStoreJsonContext.Default.FeatureViewSpec);
}
