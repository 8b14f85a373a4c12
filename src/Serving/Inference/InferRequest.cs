using System.Buffers;
using System.Text.Json;

namespace Reference.Serving.Inference;

// The parsed frame of an Open Inference Protocol v2 infer request:
// {"id"?, "parameters"?: {"entity_key"?: ...}, "inputs": [{"name", "shape", "datatype", "parameters"?, "data"}], "outputs"?: [{"name"}]}.
internal sealed class InferRequest : IDisposable
{
    public const int MaxTensors = 512;

    private TensorHeader[] tensors = ArrayPool<TensorHeader>.Shared.Rent(32);

    public byte[] Body { get; private set; } = [];

    public int BodyLength { get; private set; }

    public int TensorCount { get; private set; }

    public int IdStart { get; private set; } = -1;

    public int IdLength { get; private set; }

    public string? EscapedId { get; private set; }

    public bool HasRoutingKey { get; private set; }

    public uint RoutingHash { get; private set; }

    // A requested output name other than the model's, checked once the model is known.
    public string? RequestedOutput { get; private set; }

    public ref TensorHeader Tensor(int index) => ref tensors[index];

    public ReadOnlySpan<byte> NameBytes(in TensorHeader tensor) => Body.AsSpan(tensor.NameStart, tensor.NameLength);

    public ReadOnlySpan<byte> IdBytes => IdStart < 0 ? default : Body.AsSpan(IdStart, IdLength);

    public static InferRequest Parse(byte[] body, int length)
    {
        var request = new InferRequest { Body = body, BodyLength = length };
        var reader = new Utf8JsonReader(body.AsSpan(0, length), new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            request.ReadRoot(ref reader);
        }
        catch (JsonException ex)
        {
            request.Dispose();
            throw InferenceException.BadRequest($"The body is not valid JSON: {ex.Message}");
        }
        catch
        {
            request.Dispose();
            throw;
        }
        return request;
    }

    private void ReadRoot(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw InferenceException.BadRequest("The body must be a JSON object: {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}.");
        }
        var sawInputs = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                ReadInputs(ref reader);
                sawInputs = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw InferenceException.BadRequest("\"id\" must be a string.");
                }
                if (reader.ValueIsEscaped)
                {
                    EscapedId = reader.GetString();
                }
                IdStart = (int)reader.TokenStartIndex + 1;
                IdLength = reader.ValueSpan.Length;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                ReadParameters(ref reader);
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                ReadOutputs(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (!sawInputs || TensorCount == 0)
        {
            throw InferenceException.BadRequest("\"inputs\" is required: one tensor per feature (shape [batch]) or one FP64 tensor of shape [batch, inputs].");
        }
        if (!HasRoutingKey && IdStart >= 0)
        {
            HasRoutingKey = true;
            RoutingHash = RoutingKey.Hash(IdBytes);
        }
    }

    private void ReadParameters(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InferenceException.BadRequest("\"parameters\" must be an object.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isKey = reader.ValueTextEquals("entity_key"u8);
            reader.Read();
            if (isKey && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
            {
                HasRoutingKey = true;
                RoutingHash = RoutingKey.Hash(reader.ValueSpan);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private void ReadOutputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InferenceException.BadRequest("\"outputs\" must be an array of {\"name\"}.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isName = reader.ValueTextEquals("name"u8);
                reader.Read();
                if (isName && reader.TokenType == JsonTokenType.String)
                {
                    RequestedOutput = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private void ReadInputs(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InferenceException.BadRequest("\"inputs\" must be an array of tensors.");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (TensorCount == MaxTensors)
            {
                throw InferenceException.BadRequest($"At most {MaxTensors} input tensors are accepted.");
            }
            if (TensorCount == tensors.Length)
            {
                var larger = ArrayPool<TensorHeader>.Shared.Rent(tensors.Length * 2);
                tensors.AsSpan().CopyTo(larger);
                ArrayPool<TensorHeader>.Shared.Return(tensors);
                tensors = larger;
            }
            ref var tensor = ref tensors[TensorCount];
            tensor = default;
            tensor.NameStart = -1;
            ReadTensor(ref reader, ref tensor);
            TensorCount++;
        }
    }

    private void ReadTensor(ref Utf8JsonReader reader, ref TensorHeader tensor)
    {
        var index = TensorCount;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw InferenceException.BadRequest($"inputs[{index}].name must be a string.");
                }
                tensor.EscapedName = reader.ValueIsEscaped ? reader.GetString() : null;
                tensor.NameStart = (int)reader.TokenStartIndex + 1;
                tensor.NameLength = reader.ValueSpan.Length;
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                tensor.Datatype = reader.TokenType == JsonTokenType.String ? TensorDatatypeNames.Parse(reader.ValueSpan) : TensorDatatype.Unknown;
                tensor.HasDatatype = true;
                if (tensor.Datatype == TensorDatatype.Unknown)
                {
                    throw InferenceException.BadRequest($"inputs[{index}].datatype {Text(ref reader)} is not supported; use {TensorDatatypeNames.Supported}.");
                }
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                ReadShape(ref reader, ref tensor, index);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                tensor.DataStart = (int)reader.TokenStartIndex;
                reader.Skip();
                tensor.DataEnd = (int)reader.BytesConsumed;
                tensor.HasData = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (tensor.NameStart < 0)
        {
            throw InferenceException.BadRequest($"inputs[{index}].name is required.");
        }
        if (!tensor.HasDatatype || tensor.Rank == 0 || !tensor.HasData)
        {
            throw InferenceException.BadRequest($"inputs[{index}] needs \"datatype\", \"shape\" and \"data\".");
        }
    }

    private static void ReadShape(ref Utf8JsonReader reader, ref TensorHeader tensor, int index)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw InferenceException.BadRequest($"inputs[{index}].shape must be an array of sizes, such as [batch] or [batch, inputs].");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt64(out var size) || size < 0)
            {
                throw InferenceException.BadRequest($"inputs[{index}].shape holds {Text(ref reader)}; sizes are whole numbers of 0 or more.");
            }
            if (tensor.Rank == 2)
            {
                throw InferenceException.BadRequest($"inputs[{index}].shape has more than 2 dimensions; use [batch] or [batch, inputs].");
            }
            if (tensor.Rank == 0)
            {
                tensor.Dim0 = size;
            }
            else
            {
                tensor.Dim1 = size;
            }
            tensor.Rank++;
        }
        if (reader.TokenType != JsonTokenType.EndArray || tensor.Rank == 0)
        {
            throw InferenceException.BadRequest($"inputs[{index}].shape must be a non-empty array of sizes.");
        }
    }

    private static string Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"\"{reader.GetString()}\"" : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);

    public void Dispose()
    {
        if (tensors.Length > 0)
        {
            ArrayPool<TensorHeader>.Shared.Return(tensors, clearArray: true);
            tensors = [];
        }
    }
}
