using Reference.FeatureStore.Definitions;

namespace Reference.FeatureStore.Offline;

public enum ColumnKind { JoinKey, EventTimestamp, CreatedTimestamp, Feature }

public sealed record RowColumn(string Name, ColumnKind Kind, FeatureType Type);

// The columns of a view's rows as ingested and stored: join keys, event_timestamp, created_timestamp, features.
public sealed class RowLayout
{
    public const string EventTimestamp = "event_timestamp";
    public const string CreatedTimestamp = "created_timestamp";

    private readonly Dictionary<string, int> _index;

    public RowLayout(FeatureView view)
    {
        View = view;
        var columns = new List<RowColumn>();
        columns.AddRange(view.JoinKeys.Select(k => new RowColumn(k, ColumnKind.JoinKey, FeatureType.String)));
        EventTimestampColumn = columns.Count;
        columns.Add(new RowColumn(EventTimestamp, ColumnKind.EventTimestamp, FeatureType.Timestamp));
        CreatedTimestampColumn = columns.Count;
        columns.Add(new RowColumn(CreatedTimestamp, ColumnKind.CreatedTimestamp, FeatureType.Timestamp));
        FirstFeatureColumn = columns.Count;
        columns.AddRange(view.Features.Select(f => new RowColumn(f.Name, ColumnKind.Feature, f.Type)));
        Columns = [.. columns];
        Names = Columns.Select(c => System.Text.Encoding.UTF8.GetBytes(c.Name)).ToArray();
        _index = Columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public FeatureView View { get; }

    public RowColumn[] Columns { get; }

    // UTF-8 column names, to match JSON property names without allocating.
    public byte[][] Names { get; }

    public int EventTimestampColumn { get; }

    public int CreatedTimestampColumn { get; }

    public int FirstFeatureColumn { get; }

    public int IndexOf(string name) => _index.TryGetValue(name, out var index) ? index : -1;

    public string CopyCommand() =>
        $"COPY {DefinitionNames.Quote(View.OfflineTable)} ({string.Join(", ", Columns.Select(c => DefinitionNames.Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
}
