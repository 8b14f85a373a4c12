using System.Buffers;
using System.Text.Json;

namespace Reference.FeatureStore.Offline;

// Streams rows out of NDJSON (objects one after another) or a JSON array of objects, without holding the body:
// each call parses the complete rows in the buffer and reports where the first incomplete one starts, so the
// caller can read more and resume from there (rows are re-parsed from their start, never half-written).
public sealed class JsonRowParser(RowAssembler rows)
{
    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip };

    private JsonReaderState _state = new(Options);
    private bool _started;
    private bool _array;
    private bool _finished;

    public SequencePosition Parse(ReadOnlySequence<byte> buffer, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(buffer, isFinalBlock, _state);
        var resume = reader.Position;
        var resumeState = reader.CurrentState;
        while (true)
        {
            resume = reader.Position;
            resumeState = reader.CurrentState;
            if (!reader.Read())
            {
                break;
            }
            if (_finished)
            {
                throw new JsonException("The body continues after the closing ']' of the array of rows.");
            }
            if (!_started)
            {
                _started = true;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _array = true;
                    continue;
                }
            }
            if (_array && reader.TokenType == JsonTokenType.EndArray)
            {
                _finished = true;
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"Row {rows.Rows} is not a JSON object.");
            }
            if (!ReadRow(ref reader))
            {
                _state = resumeState;
                return resume;
            }
        }

        if (isFinalBlock && _array && !_finished)
        {
            throw new JsonException("The array of rows has no closing ']'.");
        }
        _state = reader.CurrentState;
        return reader.Position;
    }

    // False when the row is cut off by the end of the buffer.
    private bool ReadRow(ref Utf8JsonReader reader)
    {
        var layout = rows.Layout;
        rows.BeginRow();
        var guess = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                rows.EndRow();
                return true;
            }

            // Rows usually list fields in the same order: try the column after the previous one first.
            var column = -1;
            for (var n = 0; n < layout.Names.Length; n++)
            {
                var candidate = (guess + n) % layout.Names.Length;
                if (reader.ValueTextEquals(layout.Names[candidate]))
                {
                    column = candidate;
                    break;
                }
            }
            if (column < 0)
            {
                throw rows.UnknownField(reader.GetString()!);
            }
            guess = column + 1;

            if (!reader.Read())
            {
                return false;
            }
            if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
            {
                var probe = reader;
                if (!probe.TrySkip())
                {
                    return false;
                }
            }
            rows.SetFromJson(column, ref reader);
        }
    }
}
