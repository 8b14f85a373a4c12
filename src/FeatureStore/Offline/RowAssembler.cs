using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Reference.FeatureStore.Offline;

// Builds one row at a time from JSON tokens or CSV text, checks it against the layout, and hands it to the sink.
public sealed class RowAssembler(RowLayout layout, IRowSink sink)
{
    private readonly RowValue[] _row = new RowValue[layout.Columns.Length];

    public RowLayout Layout => layout;

    public long Rows { get; private set; }

    public void BeginRow() => Array.Clear(_row);

    public void EndRow()
    {
        for (var i = 0; i < layout.FirstFeatureColumn; i++)
        {
            if (!_row[i].IsSet && i != layout.CreatedTimestampColumn)
            {
                throw Reject(layout.Columns[i].Name, $"Row {Rows} has no '{layout.Columns[i].Name}'; every row needs the join keys and event_timestamp.");
            }
        }
        sink.Write(layout, _row);
        Rows++;
    }

    public RowRejectedException UnknownField(string name) =>
        Reject(name, $"Row {Rows} has a field '{name}' that feature view '{layout.View.Name}' does not have; its fields are {string.Join(", ", layout.Columns.Select(c => c.Name))}.");

    public void SetFromJson(int column, ref Utf8JsonReader reader)
    {
        ref var value = ref _row[column];
        var spec = layout.Columns[column];
        value.IsSet = true;
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (spec.Kind != ColumnKind.Feature && spec.Kind != ColumnKind.CreatedTimestamp)
            {
                throw Reject(spec.Name, $"Row {Rows}: '{spec.Name}' may not be null.");
            }
            value.IsNull = true;
            return;
        }

        switch (spec.Kind)
        {
            case ColumnKind.JoinKey:
                value.Text = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                    _ => throw Reject(spec.Name, $"Row {Rows}: join key '{spec.Name}' must be a string or a number."),
                };
                return;
            case ColumnKind.EventTimestamp or ColumnKind.CreatedTimestamp:
                value.Time = ReadTime(ref reader, spec.Name);
                return;
        }

        switch (spec.Type)
        {
            case Definitions.FeatureType.Int64:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out value.Int))
                {
                    throw TypeError(spec, ref reader);
                }
                break;
            case Definitions.FeatureType.Float64:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out value.Float) || !double.IsFinite(value.Float))
                {
                    throw TypeError(spec, ref reader);
                }
                break;
            case Definitions.FeatureType.String:
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw TypeError(spec, ref reader);
                }
                value.Text = reader.GetString();
                break;
            case Definitions.FeatureType.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    throw TypeError(spec, ref reader);
                }
                value.Bool = reader.GetBoolean();
                break;
            case Definitions.FeatureType.Timestamp:
                value.Time = ReadTime(ref reader, spec.Name);
                break;
            case Definitions.FeatureType.Float64Array:
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw TypeError(spec, ref reader);
                }
                var items = new List<double>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var item) || !double.IsFinite(item))
                    {
                        throw Reject(spec.Name, $"Row {Rows}: '{spec.Name}' is float64[]; every item must be a finite number.");
                    }
                    items.Add(item);
                }
                value.Array = [.. items];
                break;
        }
    }

    public void SetFromText(int column, string? text)
    {
        ref var value = ref _row[column];
        var spec = layout.Columns[column];
        value.IsSet = true;
        if (string.IsNullOrEmpty(text))
        {
            if (spec.Kind is ColumnKind.JoinKey or ColumnKind.EventTimestamp)
            {
                throw Reject(spec.Name, $"Row {Rows}: '{spec.Name}' may not be empty.");
            }
            value.IsNull = true;
            return;
        }

        var ok = spec.Kind switch
        {
            ColumnKind.JoinKey => SetText(ref value, text),
            ColumnKind.EventTimestamp or ColumnKind.CreatedTimestamp => TryParseTime(text, out value.Time),
            _ => spec.Type switch
            {
                Definitions.FeatureType.Int64 => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value.Int),
                Definitions.FeatureType.Float64 => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value.Float) && double.IsFinite(value.Float),
                Definitions.FeatureType.String => SetText(ref value, text),
                Definitions.FeatureType.Bool => bool.TryParse(text, out value.Bool),
                Definitions.FeatureType.Timestamp => TryParseTime(text, out value.Time),
                Definitions.FeatureType.Float64Array => TryParseArray(text, out value.Array),
                _ => false,
            },
        };
        if (!ok)
        {
            var expected = spec.Kind is ColumnKind.EventTimestamp or ColumnKind.CreatedTimestamp ? "an RFC 3339 timestamp" : "a " + Definitions.FeatureTypes.ToName(spec.Type);
            throw Reject(spec.Name, $"Row {Rows}: '{spec.Name}' must be {expected}; got '{Truncate(text)}'.");
        }
    }

    private DateTime ReadTime(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.TryGetDateTimeOffset(out var fast))
            {
                return fast.UtcDateTime;
            }
            if (TryParseTime(reader.GetString()!, out var parsed))
            {
                return parsed;
            }
        }
        throw Reject(field, $"Row {Rows}: '{field}' must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z.");
    }

    public static bool TryParseTime(string text, out DateTime utc)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            utc = parsed.UtcDateTime;
            return true;
        }
        utc = default;
        return false;
    }

    private static bool SetText(ref RowValue value, string text)
    {
        value.Text = text;
        return true;
    }

    // CSV cells hold arrays as JSON ("[1.5, 2]") or as numbers separated by semicolons ("1.5;2").
    private static bool TryParseArray(string text, out double[]? array)
    {
        array = null;
        var trimmed = text.Trim().TrimStart('[').TrimEnd(']');
        if (trimmed.Length == 0)
        {
            array = [];
            return true;
        }
        var parts = trimmed.Split(trimmed.Contains(';') ? ';' : ',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }
        array = values;
        return true;
    }

    private RowRejectedException TypeError(RowColumn spec, ref Utf8JsonReader reader)
    {
        var got = reader.TokenType switch
        {
            JsonTokenType.String => "\"" + Truncate(reader.GetString() ?? "") + "\"",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            _ => reader.TokenType.ToString(),
        };
        return Reject(spec.Name, $"Row {Rows}: '{spec.Name}' is {Definitions.FeatureTypes.ToName(spec.Type)}; got {got}.");
    }

    private RowRejectedException Reject(string field, string message) => new(Rows, field, message);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
