namespace Reference.ServiceDefaults.Persistence;

/// <summary>
/// What a mutation records: who did what to which entity, and the entity before and after (JSON text). Via is the
/// party that acted for Actor (a token's RFC 8693 <c>act</c> claim, such as the service that acts for a person), or
/// null when Actor acted directly.
/// </summary>
public sealed record AuditEntry(string Actor, string Action, string Entity, string? Before, string? After, string? Via = null);

/// <summary>A stored audit record with its place in the hash chain (hashes in lower-case hex).</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string Action, string Entity, string? Before, string? After, string PreviousHash, string Hash, string? Via = null);

public sealed record AuditQuery
{
    /// <summary>Entities starting with this, e.g. "model:fraud-detector".</summary>
    public string? EntityPrefix { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Records after this id (the paging cursor).</summary>
    public long? AfterId { get; init; }

    public int Limit { get; init; } = 100;
}

/// <summary>The result of recomputing the chain: where it first breaks, if it does.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenId, string? Reason);
