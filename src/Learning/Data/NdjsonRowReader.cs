using System.Buffers;
using System.Text.Json;

namespace Reference.Learning.Data;

/// <summary>
/// Reads newline-delimited JSON, one flat object per line (name → number, string, boolean or
/// null), into a <see cref="TabularDataBuilder"/>. This is the shape of the feature store's
/// historical retrieval stream. Field names and repeated category strings are looked up from
/// spans, so steady-state reading allocates only for new columns and new categories.
/// </summary>
public static class NdjsonRowReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Reads every line of <paramref name="stream"/>; returns the number of rows read.</summary>
    public static async Task<int> ReadAsync(Stream stream, TabularDataBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(builder);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var state = new LineState();
        try
        {
            var filled = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                var consumed = ReadLines(buffer.AsSpan(0, filled + read), isFinal: read == 0, builder, ref state);
                filled += read - consumed;
                buffer.AsSpan(consumed, filled).CopyTo(buffer);
                if (read == 0)
                {
                    return state.Rows;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Synchronous convenience for a complete buffer, e.g. a test fixture or a file already in memory.</summary>
    public static int Read(ReadOnlySpan<byte> utf8Lines, TabularDataBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var state = new LineState();
        ReadLines(utf8Lines, isFinal: true, builder, ref state);
        return state.Rows;
    }

    private struct LineState
    {
        public int LineNumber;
        public int Rows;
    }

    /// <returns>The number of bytes consumed (whole lines only, unless final).</returns>
    private static int ReadLines(ReadOnlySpan<byte> data, bool isFinal, TabularDataBuilder builder, ref LineState state)
    {
        var consumed = 0;
        while (consumed < data.Length)
        {
            var rest = data[consumed..];
            var end = rest.IndexOf((byte)'\n');
            if (end < 0 && !isFinal)
            {
                break;
            }
            var line = end < 0 ? rest : rest[..end];
            consumed += end < 0 ? rest.Length : end + 1;
            state.LineNumber++;
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }
            ReadRecord(line, state.LineNumber, builder);
            state.Rows++;
        }
        return consumed;
    }

    private static void ReadRecord(ReadOnlySpan<byte> line, int lineNumber, TabularDataBuilder builder)
    {
        Span<char> nameBuffer = stackalloc char[256];
        char[]? rentedValue = null;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"Line {lineNumber}: each line must be a JSON object of name → value.");
            }
            builder.BeginRow();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                char[]? rentedName = null;
                var nameLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                var nameTarget = nameBuffer;
                if (nameLength > nameBuffer.Length)
                {
                    rentedName = ArrayPool<char>.Shared.Rent(nameLength);
                    nameTarget = rentedName;
                }
                ReadOnlySpan<char> name = nameTarget[..reader.CopyString(nameTarget)];
                if (name.IsEmpty)
                {
                    throw new FormatException($"Line {lineNumber}: a field has an empty name.");
                }
                try
                {
                    reader.Read();
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.Null:
                            builder.SetNull(name);
                            break;
                        case JsonTokenType.True:
                        case JsonTokenType.False:
                            builder.SetBool(name, reader.GetBoolean());
                            break;
                        case JsonTokenType.Number:
                            if (reader.TryGetInt64(out var integer))
                            {
                                builder.SetInt64(name, integer);
                            }
                            else
                            {
                                builder.SetNumber(name, reader.GetDouble());
                            }
                            break;
                        case JsonTokenType.String:
                            var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                            if (rentedValue is null || rentedValue.Length < length)
                            {
                                if (rentedValue is not null)
                                {
                                    ArrayPool<char>.Shared.Return(rentedValue);
                                }
                                rentedValue = ArrayPool<char>.Shared.Rent(Math.Max(length, 64));
                            }
                            var written = reader.CopyString(rentedValue);
                            builder.SetString(name, rentedValue.AsSpan(0, written));
                            break;
                        default:
                            throw new FormatException(
                                $"Line {lineNumber}: field '{name}' is a JSON {Describe(reader.TokenType)}; rows must be flat name → number, string, boolean or null.");
                    }
                }
                finally
                {
                    if (rentedName is not null)
                    {
                        ArrayPool<char>.Shared.Return(rentedName);
                    }
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new FormatException($"Line {lineNumber}: unexpected content after the record's object.");
            }
            builder.EndRow();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Line {lineNumber}: not valid JSON ({ex.Message})", ex);
        }
        finally
        {
            if (rentedValue is not null)
            {
                ArrayPool<char>.Shared.Return(rentedValue);
            }
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        _ => token.ToString().ToLowerInvariant(),
    };
}
