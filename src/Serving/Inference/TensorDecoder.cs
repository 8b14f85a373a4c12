using System.Buffers;
using System.Text;
using System.Text.Json;
using Reference.Learning.Data;
using Reference.Serving.Models;

namespace Reference.Serving.Inference;

// Second pass over an infer request: decodes each tensor's data into a row-major buffer in the model's signature
// order (categorical strings as vocabulary codes, null or "NaN" as missing), checking datatypes, shapes and
// required inputs. The buffer is rented; the caller returns it.
internal static class TensorDecoder
{
    public static double[] Decode(InferRequest request, LoadedModel model, int maxBatchRows, out int batch)
    {
        var width = model.InputCount;
        batch = BatchSize(request, model, maxBatchRows, out var matrix);
        var rows = ArrayPool<double>.Shared.Rent(Math.Max(1, batch * width));
        try
        {
            if (matrix)
            {
                DecodeMatrix(request, model, rows, batch);
            }
            else
            {
                DecodeNamed(request, model, rows, batch);
            }
            CheckRequired(model, rows, batch);
            return rows;
        }
        catch
        {
            ArrayPool<double>.Shared.Return(rows);
            throw;
        }
    }

    // One FP64 tensor [batch, inputs] whose name is not an input name, or one tensor per input.
    private static int BatchSize(InferRequest request, LoadedModel model, int maxBatchRows, out bool matrix)
    {
        ref var first = ref request.Tensor(0);
        matrix = request.TensorCount == 1 && first.Rank == 2 && first.Dim1 == model.InputCount && (model.InputCount > 1 || Lookup(request, model, first) < 0);
        var batch = first.Dim0;
        for (var t = 0; t < request.TensorCount; t++)
        {
            ref var tensor = ref request.Tensor(t);
            if (!matrix && !(tensor.Rank == 1 || (tensor.Rank == 2 && tensor.Dim1 == 1)))
            {
                throw InferenceException.BadRequest(
                    $"Input '{Name(request, tensor)}' has shape [{tensor.Dim0}, {tensor.Dim1}]; send one tensor per input with shape [batch], " +
                    $"or a single FP64 tensor of shape [batch, {model.InputCount}] in signature order.");
            }
            if (tensor.Dim0 != batch)
            {
                throw InferenceException.BadRequest($"Input '{Name(request, tensor)}' has {tensor.Dim0} rows but '{Name(request, first)}' has {batch}; every input needs the same batch size.");
            }
        }
        if (batch == 0)
        {
            throw InferenceException.BadRequest("The batch is empty; send at least one row.");
        }
        if (batch > maxBatchRows)
        {
            throw InferenceException.BadRequest($"The batch has {batch} rows; at most {maxBatchRows} are accepted per request. Split it.");
        }
        return (int)batch;
    }

    private static void DecodeNamed(InferRequest request, LoadedModel model, double[] rows, int batch)
    {
        var width = model.InputCount;
        Span<bool> seen = width <= 512 ? stackalloc bool[width] : new bool[width];
        for (var t = 0; t < request.TensorCount; t++)
        {
            ref var tensor = ref request.Tensor(t);
            var input = Lookup(request, model, tensor);
            if (input < 0)
            {
                throw InferenceException.BadRequest($"Unknown input '{Name(request, tensor)}'; {model.Name} v{model.Version} takes {string.Join(", ", model.Inputs.Select(i => i.Name))}.");
            }
            if (seen[input])
            {
                throw InferenceException.BadRequest($"Input '{model.Inputs[input].Name}' is given twice.");
            }
            seen[input] = true;
            CheckDatatype(model, input, tensor.Datatype);
            var count = DecodeInto(request, tensor, model, input, rows, offset: input, stride: width, expected: batch);
            if (count != batch)
            {
                throw InferenceException.BadRequest($"Input '{model.Inputs[input].Name}' has {count} values but its shape says {batch}.");
            }
        }
        for (var input = 0; input < width; input++)
        {
            if (!seen[input])
            {
                // An absent input is missing in every row: the model's missing-value policy applies (or the required check refuses it).
                for (var r = 0; r < batch; r++)
                {
                    rows[(r * width) + input] = double.NaN;
                }
            }
        }
    }

    private static void DecodeMatrix(InferRequest request, LoadedModel model, double[] rows, int batch)
    {
        ref var tensor = ref request.Tensor(0);
        if (!tensor.Datatype.IsNumeric())
        {
            throw InferenceException.BadRequest($"A [batch, inputs] tensor must be FP64 (categorical inputs as their vocabulary codes), not {tensor.Datatype.ToName()}.");
        }
        var count = DecodeInto(request, tensor, model, input: -1, rows, offset: 0, stride: 1, expected: batch * model.InputCount);
        if (count != batch * model.InputCount)
        {
            throw InferenceException.BadRequest($"Tensor '{Name(request, tensor)}' has {count} values but its shape [{batch}, {model.InputCount}] says {batch * model.InputCount}.");
        }
    }

    // Walks the (possibly nested) data array; input is -1 for the whole-row matrix. Returns how many values it held.
    private static int DecodeInto(InferRequest request, in TensorHeader tensor, LoadedModel model, int input, double[] rows, int offset, int stride, int expected)
    {
        var reader = new Utf8JsonReader(request.Body.AsSpan(tensor.DataStart, tensor.DataEnd - tensor.DataStart));
        var count = 0;
        var categorical = input >= 0 && model.Inputs[input].Type == ColumnType.Categorical;
        while (reader.Read())
        {
            double value;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                case JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.Number when tensor.Datatype.IsNumeric():
                    value = reader.GetDouble();
                    if (tensor.Datatype is TensorDatatype.Int64 or TensorDatatype.Int32 && value != Math.Floor(value))
                    {
                        throw InferenceException.BadRequest($"Input '{Name(request, tensor)}' is {tensor.Datatype.ToName()} but holds {value}; send whole numbers or use FP64.");
                    }
                    break;
                case JsonTokenType.True or JsonTokenType.False when tensor.Datatype == TensorDatatype.Bool:
                    value = reader.TokenType == JsonTokenType.True ? 1 : 0;
                    break;
                case JsonTokenType.String when tensor.Datatype == TensorDatatype.Bytes && categorical:
                    value = EncodeCategory(ref reader, model, input);
                    break;
                case JsonTokenType.String when tensor.Datatype.IsNumeric() && IsNaN(ref reader):
                case JsonTokenType.Null:
                    value = double.NaN;
                    break;
                default:
                    throw InferenceException.BadRequest($"Input '{Name(request, tensor)}' is {tensor.Datatype.ToName()} but holds {Describe(reader.TokenType)} value; " +
                        "FP*/INT* tensors hold numbers, BOOL true/false, BYTES strings (null or \"NaN\" for a missing value).");
            }
            if (count < expected)
            {
                rows[offset + (count * stride)] = value;
            }
            count++;
        }
        return count;
    }

    private static void CheckDatatype(LoadedModel model, int input, TensorDatatype datatype)
    {
        var type = model.Inputs[input].Type;
        var fits = type switch
        {
            ColumnType.Categorical => datatype == TensorDatatype.Bytes,
            ColumnType.Bool => datatype == TensorDatatype.Bool || datatype.IsNumeric(),
            _ => datatype.IsNumeric(),
        };
        if (!fits)
        {
            throw InferenceException.BadRequest($"Input '{model.Inputs[input].Name}' is {model.Datatypes[input]}; a {datatype.ToName()} tensor cannot feed it.");
        }
    }

    private static void CheckRequired(LoadedModel model, double[] rows, int batch)
    {
        var width = model.InputCount;
        for (var input = 0; input < width; input++)
        {
            if (!model.IsRequired(input))
            {
                continue;
            }
            for (var r = 0; r < batch; r++)
            {
                if (double.IsNaN(rows[(r * width) + input]))
                {
                    throw InferenceException.BadRequest($"Input '{model.Inputs[input].Name}' is missing (null or NaN) in row {r}, and {model.Name} v{model.Version} requires it.");
                }
            }
        }
    }

    private static double EncodeCategory(ref Utf8JsonReader reader, LoadedModel model, int input)
    {
        var vocabulary = model.Inputs[input].Vocabulary!;
        Span<char> chars = stackalloc char[128];
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= chars.Length)
        {
            var written = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            var code = vocabulary.IndexOf(chars[..written]);
            return code < 0 ? double.NaN : code;
        }
        var text = reader.GetString()!;
        var index = vocabulary.IndexOf(text);
        return index < 0 ? double.NaN : index;
    }

    private static bool IsNaN(ref Utf8JsonReader reader) => reader.ValueTextEquals("NaN"u8) || reader.ValueTextEquals("nan"u8);

    private static int Lookup(InferRequest request, LoadedModel model, in TensorHeader tensor)
    {
        if (tensor.EscapedName is { } escaped)
        {
            return model.IndexOf(escaped);
        }
        var bytes = request.NameBytes(tensor);
        Span<char> chars = stackalloc char[256];
        if (bytes.Length > chars.Length)
        {
            return -1;
        }
        var written = Encoding.UTF8.GetChars(bytes, chars);
        return model.IndexOf(chars[..written]);
    }

    private static string Name(InferRequest request, in TensorHeader tensor) => tensor.EscapedName ?? Encoding.UTF8.GetString(request.NameBytes(tensor));

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        _ => "an unexpected",
    };
}
