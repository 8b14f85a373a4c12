using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Reference.Learning.Data;

namespace Reference.Learning.Models;

/// <summary>
/// The model file format: a fixed preamble, a JSON header, binary arrays, a SHA-256 trailer.
/// <code>
///   0  8 bytes  magic 89 'R' 'L' 'M' 0D 0A 1A 0A  (binary-safe, catches text-mode mangling)
///   8  uint32   format version (little-endian); the one field that never moves
///  12  uint32   header length in bytes
///  16  uint64   total artifact length in bytes, checksum included
///  24  header   UTF-8 JSON: format, algorithm, task, signature, preprocessing, parameters,
///               hyperparameters, training summary, and the list of arrays (name, type, length)
///      arrays   each little-endian, in header order, each padded to 8 bytes
///  end 32 bytes SHA-256 of everything before it
/// </code>
/// Why not plain JSON: parameters (tree thresholds, weights) are stored bit-exact without a
/// text round-trip and map straight into the flat scoring arrays; the declared length and the
/// checksum let the loader tell a truncated file from a corrupted one, where JSON would happily
/// parse a flipped digit. The header stays JSON so the artifact describes itself to any tool (and to
/// people: the header is readable with <c>head -c</c>), and loading needs no generated code.
/// Writing is deterministic: the same model gives the same bytes.
/// </summary>
public static class ModelArtifact
{
    public const int FormatVersion = 1;

    public const string FormatName = "reference.learning.model";

    private const int PreambleLength = 24;
    private const int ChecksumLength = 32;
    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'R', (byte)'L', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Serialize(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var arrays = new ArtifactArrayWriter();
        var header = WriteHeader(model, arrays);

        var length = Align8(PreambleLength + header.Length) + arrays.Arrays.Sum(a => Align8(a.Bytes.Length)) + ChecksumLength;
        var artifact = new byte[length];
        Magic.CopyTo(artifact);
        BinaryPrimitives.WriteUInt32LittleEndian(artifact.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(artifact.AsSpan(12), (uint)header.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(artifact.AsSpan(16), (ulong)length);
        header.CopyTo(artifact, PreambleLength);
        var position = Align8(PreambleLength + header.Length);
        foreach (var array in arrays.Arrays)
        {
            array.Bytes.CopyTo(artifact, position);
            position += Align8(array.Bytes.Length);
        }
        SHA256.HashData(artifact.AsSpan(0, position), artifact.AsSpan(position));
        return artifact;
    }

    public static void Write(Model model, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(Serialize(model));
    }

    /// <exception cref="ModelFormatException">The bytes are not a loadable model; the message says why.</exception>
    public static Model Deserialize(ReadOnlySpan<byte> artifact) => Deserialize(artifact.ToArray());

    public static Model Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return Deserialize(buffer.ToArray());
    }

    public static async Task<Model> ReadAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Deserialize(buffer.ToArray());
    }

    /// <summary>The header JSON alone (signature, parameters, hyperparameters), e.g. to describe a model without loading it.</summary>
    public static string ReadHeaderJson(ReadOnlySpan<byte> artifact)
    {
        var headerLength = CheckPreamble(artifact);
        return Encoding.UTF8.GetString(artifact.Slice(PreambleLength, headerLength));
    }

    private static Model Deserialize(byte[] artifact)
    {
        var headerLength = CheckPreamble(artifact);
        if (!ChecksumMatches(artifact))
        {
            throw new ModelFormatException(ModelFormatError.Corrupt,
                "The model artifact is corrupt: its SHA-256 checksum does not match its content.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(artifact.AsMemory(PreambleLength, headerLength));
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"The model artifact's header is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            var header = document.RootElement;
            if (header.ValueKind != JsonValueKind.Object)
            {
                throw ArtifactHeaderFields.Invalid("The model artifact's header is not a JSON object.");
            }
            var arrays = LocateArrays(header, Align8(PreambleLength + headerLength), out var expectedLength);
            if (artifact.Length != expectedLength)
            {
                throw ArtifactHeaderFields.Invalid(
                    $"The model artifact's arrays need {expectedLength} bytes in all but the artifact declares {artifact.Length}.");
            }
            return ReadModel(header, new ArtifactArrayReader(arrays, artifact));
        }
    }

    /// <summary>Checks magic, version and declared length (truncation shows here, before anything is parsed); returns the header length.</summary>
    private static int CheckPreamble(ReadOnlySpan<byte> artifact)
    {
        var magicBytes = Math.Min(artifact.Length, Magic.Length);
        if (!artifact[..magicBytes].SequenceEqual(Magic[..magicBytes]))
        {
            throw new ModelFormatException(ModelFormatError.NotAnArtifact,
                "These bytes are not a model artifact: they do not start with the Reference.Learning model signature.");
        }
        if (artifact.Length < PreambleLength)
        {
            throw new ModelFormatException(ModelFormatError.Truncated,
                $"The model artifact is truncated: {artifact.Length} bytes, fewer than its {PreambleLength}-byte preamble.");
        }
        var version = BinaryPrimitives.ReadUInt32LittleEndian(artifact[8..]);
        if (version != FormatVersion)
        {
            throw new ModelFormatException(ModelFormatError.UnsupportedVersion,
                $"Model format version {version} is not supported: this build reads version {FormatVersion}. " +
                (version > FormatVersion ? "Load it with a newer build of Reference.Learning." : "Re-export the model with a current build."));
        }
        var declaredLength = BinaryPrimitives.ReadUInt64LittleEndian(artifact[16..]);
        if ((ulong)artifact.Length < declaredLength)
        {
            throw new ModelFormatException(ModelFormatError.Truncated,
                $"The model artifact is truncated: it has {artifact.Length} bytes but declares {declaredLength}.");
        }
        if ((ulong)artifact.Length > declaredLength)
        {
            throw new ModelFormatException(ModelFormatError.Corrupt,
                $"The model artifact is corrupt: {(ulong)artifact.Length - declaredLength} unexpected bytes after its declared end.");
        }
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(artifact[12..]);
        if (PreambleLength + (long)headerLength + ChecksumLength > artifact.Length)
        {
            throw new ModelFormatException(ModelFormatError.Corrupt,
                $"The model artifact is corrupt: it declares a {headerLength}-byte header in {artifact.Length} bytes.");
        }
        return (int)headerLength;
    }

    private static bool ChecksumMatches(byte[] artifact)
    {
        Span<byte> hash = stackalloc byte[ChecksumLength];
        var content = artifact.Length - ChecksumLength;
        SHA256.HashData(artifact.AsSpan(0, content), hash);
        return hash.SequenceEqual(artifact.AsSpan(content));
    }

    private static Dictionary<string, (string Type, int Length, int Offset)> LocateArrays(JsonElement header, int start, out long expectedLength)
    {
        var arrays = new Dictionary<string, (string Type, int Length, int Offset)>(StringComparer.Ordinal);
        long position = start;
        var index = 0;
        foreach (var array in ArtifactHeaderFields.Array(header, "arrays").EnumerateArray())
        {
            var path = $"arrays[{index++}]";
            var name = ArtifactHeaderFields.String(array, "name", path + ".name");
            var type = ArtifactHeaderFields.String(array, "type", path + ".type");
            var length = ArtifactHeaderFields.Int(array, "length", path + ".length");
            var elementSize = type switch
            {
                "float64" => 8,
                "int32" => 4,
                "uint8" => 1,
                _ => throw ArtifactHeaderFields.Invalid($"Header field '{path}.type' is '{type}'; expected float64, int32 or uint8."),
            };
            if (!arrays.TryAdd(name, (type, length, checked((int)position))))
            {
                throw ArtifactHeaderFields.Invalid($"Array '{name}' is declared twice.");
            }
            position += Align8((long)length * elementSize);
            if (position > int.MaxValue)
            {
                throw new ModelFormatException(ModelFormatError.Corrupt, "The model artifact is corrupt: its arrays add up to more than 2 GiB.");
            }
        }
        expectedLength = position + ChecksumLength;
        return arrays;
    }

    private static byte[] WriteHeader(Model model, ArtifactArrayWriter arrays)
    {
        // Parameters first, so that the array list (written last) includes the model's arrays.
        using var parameters = new MemoryStream();
        using (var writer = new Utf8JsonWriter(parameters))
        {
            writer.WriteStartObject();
            model.WriteParameters(writer, arrays);
            writer.WriteEndObject();
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            // Readable headers (category names in any script, "<=" in prose); this is a file, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteString("algorithm", model.Algorithm);
            json.WriteString("task", model.Task == ModelTask.BinaryClassification ? "binaryClassification" : "regression");
            WriteSignature(json, model.Signature);
            using (var written = JsonDocument.Parse(parameters.ToArray()))
            {
                foreach (var property in written.RootElement.EnumerateObject())
                {
                    property.WriteTo(json);
                }
            }
            json.WriteStartObject("hyperparameters");
            foreach (var (name, value) in model.Hyperparameters)
            {
                switch (value)
                {
                    case long l: json.WriteNumber(name, l); break;
                    case double d:
                        // Keep a decimal point ("1.0", not "1") so the value reads back as a double.
                        var text = d.ToString("R", CultureInfo.InvariantCulture);
                        json.WritePropertyName(name);
                        json.WriteRawValue(text.Contains('.') || text.Contains('E') ? text : text + ".0");
                        break;
                    case bool b: json.WriteBoolean(name, b); break;
                    default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
            json.WriteEndObject();
            if (model.Training is { } training)
            {
                json.WriteStartObject("training");
                json.WriteNumber("iterations", training.Iterations);
                if (training.BestIteration is { } best)
                {
                    json.WriteNumber("bestIteration", best);
                }
                json.WriteBoolean("stoppedEarly", training.StoppedEarly);
                if (training.ValidationMetricName is { } metricName && training.ValidationMetric is { } metric && double.IsFinite(metric))
                {
                    json.WriteString("validationMetric", metricName);
                    json.WriteNumber("validationValue", metric);
                }
                json.WriteEndObject();
            }
            json.WriteStartArray("arrays");
            foreach (var array in arrays.Arrays)
            {
                json.WriteStartObject();
                json.WriteString("name", array.Name);
                json.WriteString("type", array.Type);
                json.WriteNumber("length", array.Length);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteSignature(Utf8JsonWriter json, ModelSignature signature)
    {
        json.WriteStartObject("signature");
        json.WriteStartArray("inputs");
        foreach (var input in signature.Inputs)
        {
            json.WriteStartObject();
            json.WriteString("name", input.Name);
            json.WriteString("type", input.Type.ToWireName());
            if (input.Vocabulary is { } vocabulary)
            {
                json.WriteStartArray("vocabulary");
                foreach (var category in vocabulary.Categories)
                {
                    json.WriteStringValue(category);
                }
                json.WriteEndArray();
            }
            json.WriteStartObject("missing");
            json.WriteString("policy", input.Missing.WireName);
            if (input.Missing.Handling == MissingValueHandling.Impute)
            {
                json.WriteNumber("value", input.Missing.Value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("output");
        json.WriteString("name", signature.Output.Name);
        json.WriteString("type", signature.Output.Type);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static Model ReadModel(JsonElement header, ArtifactArrayReader arrays)
    {
        var format = ArtifactHeaderFields.String(header, "format");
        if (format != FormatName)
        {
            throw ArtifactHeaderFields.Invalid($"The header names format '{format}'; expected '{FormatName}'.");
        }
        var headerVersion = ArtifactHeaderFields.Int(header, "formatVersion");
        if (headerVersion != FormatVersion)
        {
            throw ArtifactHeaderFields.Invalid($"The header says format version {headerVersion} but the preamble says {FormatVersion}.");
        }
        var algorithm = ArtifactHeaderFields.String(header, "algorithm");
        var task = ArtifactHeaderFields.String(header, "task") switch
        {
            "binaryClassification" => ModelTask.BinaryClassification,
            "regression" => ModelTask.Regression,
            var other => throw ArtifactHeaderFields.Invalid($"Header field 'task' is '{other}'; expected binaryClassification or regression."),
        };
        var signature = ReadSignature(ArtifactHeaderFields.Object(header, "signature"));
        if (signature.Output != SignatureOutput.For(task))
        {
            throw ArtifactHeaderFields.Invalid($"The output '{signature.Output.Name}' does not match task '{task}'.");
        }
        var hyperparameters = ReadHyperparameters(header);
        var training = ReadTraining(header);
        return algorithm switch
        {
            "logistic" when task == ModelTask.BinaryClassification => LinearModel.Read(algorithm, task, signature, header, arrays, hyperparameters, training),
            "linear" when task == ModelTask.Regression => LinearModel.Read(algorithm, task, signature, header, arrays, hyperparameters, training),
            "gbdt" => GradientBoostedTreesModel.Read(task, signature, header, arrays, hyperparameters, training),
            _ => throw ArtifactHeaderFields.Invalid($"Algorithm '{algorithm}' for task '{task}' is not one this build can load (logistic, linear, gbdt)."),
        };
    }

    private static ModelSignature ReadSignature(JsonElement signature)
    {
        var inputs = new List<SignatureInput>();
        var index = 0;
        foreach (var input in ArtifactHeaderFields.Array(signature, "inputs", "signature.inputs").EnumerateArray())
        {
            var path = $"signature.inputs[{index++}]";
            var name = ArtifactHeaderFields.String(input, "name", path + ".name");
            var typeName = ArtifactHeaderFields.String(input, "type", path + ".type");
            if (!ColumnTypeNames.TryParse(typeName, out var type))
            {
                throw ArtifactHeaderFields.Invalid($"Header field '{path}.type' is '{typeName}'; expected float64, int64, bool, categorical or timestamp.");
            }
            CategoryVocabulary? vocabulary = null;
            if (type == ColumnType.Categorical)
            {
                var categories = ArtifactHeaderFields.Array(input, "vocabulary", path + ".vocabulary")
                    .EnumerateArray()
                    .Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw ArtifactHeaderFields.Invalid($"'{path}.vocabulary' holds a non-string."));
                try
                {
                    vocabulary = new CategoryVocabulary(categories);
                }
                catch (ArgumentException ex)
                {
                    throw ArtifactHeaderFields.Invalid($"'{path}.vocabulary': {ex.Message}");
                }
            }
            var missing = ArtifactHeaderFields.Object(input, "missing", path + ".missing");
            var policyName = ArtifactHeaderFields.String(missing, "policy", path + ".missing.policy");
            if (!MissingValuePolicy.TryParse(policyName, out var handling))
            {
                throw ArtifactHeaderFields.Invalid($"Header field '{path}.missing.policy' is '{policyName}'; expected required, impute, noContribution or learnedDirection.");
            }
            var value = handling == MissingValueHandling.Impute ? ArtifactHeaderFields.Double(missing, "value", path + ".missing.value") : 0;
            inputs.Add(new SignatureInput(name, type, vocabulary, new MissingValuePolicy(handling, value)));
        }
        var output = ArtifactHeaderFields.Object(signature, "output", "signature.output");
        try
        {
            return new ModelSignature(inputs, new SignatureOutput(
                ArtifactHeaderFields.String(output, "name", "signature.output.name"),
                ArtifactHeaderFields.String(output, "type", "signature.output.type")));
        }
        catch (ArgumentException ex)
        {
            throw ArtifactHeaderFields.Invalid(ex.Message);
        }
    }

    private static List<KeyValuePair<string, object>> ReadHyperparameters(JsonElement header)
    {
        var values = new List<KeyValuePair<string, object>>();
        if (!ArtifactHeaderFields.TryGet(header, "hyperparameters", out var hyperparameters))
        {
            return values;
        }
        foreach (var property in hyperparameters.EnumerateObject())
        {
            object value = property.Value.ValueKind switch
            {
                JsonValueKind.Number when property.Value.GetRawText().AsSpan().IndexOfAny(".eE") < 0 && property.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => property.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => property.Value.GetString()!,
                _ => throw ArtifactHeaderFields.Invalid($"Hyperparameter '{property.Name}' is not a number, boolean or string."),
            };
            values.Add(new(property.Name, value));
        }
        return values;
    }

    private static TrainingSummary? ReadTraining(JsonElement header)
    {
        if (!ArtifactHeaderFields.TryGet(header, "training", out var training))
        {
            return null;
        }
        return new TrainingSummary(
            ArtifactHeaderFields.Int(training, "iterations", "training.iterations"),
            ArtifactHeaderFields.TryGet(training, "bestIteration", out _) ? ArtifactHeaderFields.Int(training, "bestIteration", "training.bestIteration") : null,
            training.TryGetProperty("stoppedEarly", out var stopped) && stopped.ValueKind == JsonValueKind.True,
            ArtifactHeaderFields.TryGet(training, "validationMetric", out _) ? ArtifactHeaderFields.String(training, "validationMetric", "training.validationMetric") : null,
            ArtifactHeaderFields.TryGet(training, "validationValue", out _) ? ArtifactHeaderFields.Double(training, "validationValue", "training.validationValue") : null);
    }

    private static int Align8(int length) => (length + 7) & ~7;

    private static long Align8(long length) => (length + 7) & ~7L;
}
