using System.Buffers;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Reference.FeatureStore.Offline;

// Streams the body of POST /api/historical-features in one pass: small properties (features, featureService,
// fullFeatureNames, entitySet) are kept; each entity row goes straight into a binary COPY to a temporary table
// (ordinal, event timestamp, scalar fields as text, raw JSON) so that neither side is held in memory.
// Like JsonRowParser, it resumes from the last complete row or property when the buffer runs out.
public sealed class HistoricalRequestParser(NpgsqlBinaryImporter entityRows)
{
    private enum Phase { Start, InObject, InEntityRows, Done }

    private JsonReaderState _state;
    private Phase _phase;
    private readonly List<string?> _values = [];

    public List<string>? Features { get; private set; }

    public string? FeatureService { get; private set; }

    public string? EntitySet { get; private set; }

    public bool FullFeatureNames { get; private set; }

    public bool HasEntityRows { get; private set; }

    public long Rows { get; private set; }

    public EntityRowColumns Columns { get; } = new();

    public SequencePosition Parse(ReadOnlySequence<byte> buffer, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(buffer, isFinalBlock, _state);
        while (true)
        {
            var resume = reader.Position;
            var resumeState = reader.CurrentState;
            if (!Step(ref reader, buffer))
            {
                _state = resumeState;
                if (isFinalBlock && _phase != Phase.Done)
                {
                    throw new JsonException("The request body ends before its closing '}'.");
                }
                return resume;
            }
            if (_phase == Phase.Done)
            {
                _state = reader.CurrentState;
                return reader.Position;
            }
        }
    }

    // False when more input is needed (the step is retried from its start).
    private bool Step(ref Utf8JsonReader reader, ReadOnlySequence<byte> buffer)
    {
        if (!reader.Read())
        {
            return false;
        }
        switch (_phase)
        {
            case Phase.Start:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("The body must be a JSON object.");
                }
                _phase = Phase.InObject;
                return true;

            case Phase.InObject:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _phase = Phase.Done;
                    return true;
                }
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return false;
                }
                if (name == "entityRows")
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException("entityRows must be an array of objects.");
                    }
                    HasEntityRows = true;
                    _phase = Phase.InEntityRows;
                    return true;
                }
                var probe = reader;
                if (!probe.TrySkip())
                {
                    return false;
                }
                ReadProperty(name, ref reader);
                return true;

            case Phase.InEntityRows:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.InObject;
                    return true;
                }
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException($"entityRows[{Rows}] is not an object.");
                }
                var start = reader.TokenStartIndex;
                var row = reader;
                if (!row.TrySkip())
                {
                    return false;
                }
                reader.TrySkip(); // cannot fail: the probe above skipped the same bytes
                WriteEntityRow(buffer.Slice(start, reader.BytesConsumed - start));
                return true;

            default:
                throw new JsonException("The body continues after its closing '}'.");
        }
    }

    private void ReadProperty(string? name, ref Utf8JsonReader reader)
    {
        switch (name)
        {
            case "features":
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException("features must be an array of \"view:feature\" strings.");
                }
                Features = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Features.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("features must be an array of \"view:feature\" strings."));
                }
                break;
            case "featureService":
                FeatureService = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("featureService must be a string.");
                break;
            case "entitySet":
                EntitySet = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException("entitySet must be a string.");
                break;
            case "fullFeatureNames":
                FullFeatureNames = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : throw new JsonException("fullFeatureNames must be true or false.");
                break;
            default:
                reader.TrySkip(); // complete: probed by the caller
                break;
        }
    }

    private void WriteEntityRow(ReadOnlySequence<byte> raw)
    {
        var rowIndex = Rows;
        var reader = new Utf8JsonReader(raw);
        reader.Read();
        _values.Clear();
        for (var i = 0; i < Columns.Names.Count; i++)
        {
            _values.Add(null);
        }
        DateTime? timestamp = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (name == RowLayout.EventTimestamp)
            {
                if (reader.TokenType != JsonTokenType.String || !(reader.TryGetDateTimeOffset(out var parsed) || TryParse(reader.GetString()!, out parsed)))
                {
                    throw new RowRejectedException(rowIndex, name, $"Entity row {rowIndex}: event_timestamp must be an RFC 3339 timestamp such as 2025-01-31T12:00:00Z.");
                }
                timestamp = parsed.UtcDateTime;
                continue;
            }
            Columns.Add(name);
            var column = Columns.IndexOf(name);
            string? text = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
                _ => null,
            };
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                reader.Skip();
            }
            if (column >= 0)
            {
                while (_values.Count <= column)
                {
                    _values.Add(null);
                }
                _values[column] = text;
            }
        }
        Columns.Fix();
        if (timestamp is null)
        {
            throw new RowRejectedException(rowIndex, RowLayout.EventTimestamp, $"Entity row {rowIndex} has no event_timestamp.");
        }

        entityRows.StartRow();
        entityRows.Write(rowIndex, NpgsqlDbType.Bigint);
        entityRows.Write(timestamp.Value, NpgsqlDbType.TimestampTz);
        entityRows.Write(_values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        entityRows.Write(Encoding.UTF8.GetString(raw), NpgsqlDbType.Text);
        Rows++;
    }

    private static bool TryParse(string text, out DateTimeOffset value)
    {
        var ok = RowAssembler.TryParseTime(text, out var utc);
        value = new DateTimeOffset(utc, TimeSpan.Zero);
        return ok;
    }
}
