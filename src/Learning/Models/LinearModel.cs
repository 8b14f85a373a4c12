using System.Runtime.Intrinsics;
using System.Text.Json;
using Reference.Learning.Data;

namespace Reference.Learning.Models;

/// <summary>
/// A linear model in raw input units: logistic regression (probability = sigmoid of the score) or
/// ridge regression. Training standardised the inputs; the scaling is folded into these weights,
/// so scoring needs no preprocessing beyond imputing a missing numeric value with its training
/// mean and looking up a weight per category (one-hot encoding without materialising it).
/// </summary>
public sealed class LinearModel : Model
{
    private readonly double intercept;
    private readonly double[] inputWeights;     // per input; 0 for categorical inputs
    private readonly double[] imputeValues;     // per input; the value a NaN becomes (0 for categorical inputs)
    private readonly int[] categoricalInputs;   // input index of each categorical input
    private readonly int[] categoryOffsets;     // where its category weights start in categoryWeights
    private readonly int[] categoryCounts;      // how many categories it has
    private readonly double[] categoryWeights;  // one weight per category of each categorical input

    internal LinearModel(
        string algorithm,
        ModelTask task,
        ModelSignature signature,
        double intercept,
        double[] inputWeights,
        double[] categoryWeights,
        IReadOnlyList<KeyValuePair<string, object>> hyperparameters,
        TrainingSummary? training)
        : base(algorithm, task, signature, hyperparameters, training)
    {
        var inputs = signature.Inputs;
        if (inputWeights.Length != inputs.Count)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"{inputWeights.Length} input weights for {inputs.Count} inputs.");
        }
        this.intercept = intercept;
        this.inputWeights = inputWeights;
        this.categoryWeights = categoryWeights;
        imputeValues = new double[inputs.Count];
        var categorical = new List<int>();
        var offsets = new List<int>();
        var offset = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Vocabulary is { } vocabulary)
            {
                if (inputWeights[i] != 0)
                {
                    throw new ModelFormatException(ModelFormatError.Invalid, $"Categorical input '{inputs[i].Name}' has a numeric weight; its weights are per category.");
                }
                categorical.Add(i);
                offsets.Add(offset);
                offset += vocabulary.Count;
            }
            else if (inputs[i].Missing.Handling == MissingValueHandling.Impute)
            {
                imputeValues[i] = inputs[i].Missing.Value;
            }
        }
        if (offset != categoryWeights.Length)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"{categoryWeights.Length} category weights for {offset} categories in the signature.");
        }
        categoricalInputs = [.. categorical];
        categoryOffsets = [.. offsets];
        categoryCounts = [.. categorical.Select(i => inputs[i].Vocabulary!.Count)];
    }

    public double Intercept => intercept;

    /// <summary>The weight of each input in raw units (0 for categorical inputs).</summary>
    public ReadOnlySpan<double> InputWeights => inputWeights;

    /// <summary>The weight of category <paramref name="category"/> of the named categorical input.</summary>
    public double CategoryWeight(string inputName, string category)
    {
        var index = Signature.IndexOf(inputName);
        var position = Array.IndexOf(categoricalInputs, index);
        if (position < 0)
        {
            throw new ArgumentException($"'{inputName}' is not a categorical input.", nameof(inputName));
        }
        var code = Signature.Inputs[index].Vocabulary!.IndexOf(category);
        return code < 0 ? 0 : categoryWeights[categoryOffsets[position] + code];
    }

    private protected override double RawScore(ReadOnlySpan<double> x)
    {
        var sum = intercept + Dot(x);
        for (var k = 0; k < categoricalInputs.Length; k++)
        {
            sum += CategoryContribution(k, x[categoricalInputs[k]]);
        }
        return sum;
    }

    private protected override unsafe void RawScoreBatch(ReadOnlySpan<double> rows, int rowCount, Span<double> outputs)
    {
        var width = InputCount;
        fixed (double* rowPointer = rows)
        fixed (double* outputPointer = outputs)
        {
            var source = rowPointer;
            var target = outputPointer;
            void ScoreRange(int start, int end)
            {
                for (var r = start; r < end; r++)
                {
                    target[r] = RawScore(new ReadOnlySpan<double>(source + ((long)r * width), width));
                }
            }
            if (rowCount >= ParallelBatchRows)
            {
                Parallel.For(0, (rowCount + 4095) / 4096, block => ScoreRange(block * 4096, Math.Min(rowCount, (block + 1) * 4096)));
            }
            else
            {
                ScoreRange(0, rowCount);
            }
        }
    }

    /// <summary>Column by column, vectorised over rows: the layout where SIMD pays most.</summary>
    private protected override void RawScoreBatch(FeatureMatrix inputs, Span<double> outputs)
    {
        outputs.Fill(intercept);
        var lanes = Vector256<double>.Count;
        for (var j = 0; j < inputWeights.Length; j++)
        {
            var weight = inputWeights[j];
            if (weight == 0)
            {
                continue;
            }
            var column = inputs.Column(j);
            var impute = imputeValues[j];
            var w = Vector256.Create(weight);
            var m = Vector256.Create(impute);
            var r = 0;
            for (; r <= column.Length - lanes; r += lanes)
            {
                var x = Vector256.Create(column[r..]);
                var value = Vector256.ConditionalSelect(Vector256.Equals(x, x), x, m); // NaN ≠ NaN: missing → impute
                (Vector256.Create((ReadOnlySpan<double>)outputs[r..]) + (w * value)).CopyTo(outputs[r..]);
            }
            for (; r < column.Length; r++)
            {
                var x = column[r];
                outputs[r] += weight * (double.IsNaN(x) ? impute : x);
            }
        }
        for (var k = 0; k < categoricalInputs.Length; k++)
        {
            var column = inputs.Column(categoricalInputs[k]);
            for (var r = 0; r < column.Length; r++)
            {
                outputs[r] += CategoryContribution(k, column[r]);
            }
        }
    }

    private protected override Model WithSignature(ModelSignature signature) =>
        new LinearModel(Algorithm, Task, signature, intercept, inputWeights, categoryWeights, Hyperparameters, Training);

    internal override void WriteParameters(Utf8JsonWriter header, ArtifactArrayWriter arrays)
    {
        header.WriteStartObject("preprocessing");
        header.WriteString("standardization", "foldedIntoWeights");
        header.WriteStartArray("inputs");
        var offset = 0;
        foreach (var input in Signature.Inputs)
        {
            header.WriteStartObject();
            header.WriteString("input", input.Name);
            if (input.Vocabulary is { } vocabulary)
            {
                header.WriteString("encoding", "oneHot");
                header.WriteNumber("offset", offset);
                header.WriteNumber("width", vocabulary.Count);
                offset += vocabulary.Count;
            }
            else
            {
                header.WriteString("encoding", "numeric");
            }
            header.WriteEndObject();
        }
        header.WriteEndArray();
        header.WriteEndObject();

        header.WriteStartObject("parameters");
        header.WriteString("link", Task == ModelTask.BinaryClassification ? "logistic" : "identity");
        header.WriteNumber("intercept", intercept);
        header.WriteString("inputWeights", "array:inputWeights");
        header.WriteString("categoryWeights", "array:categoryWeights");
        header.WriteEndObject();

        arrays.Add("inputWeights", inputWeights);
        arrays.Add("categoryWeights", categoryWeights);
    }

    internal static LinearModel Read(
        string algorithm,
        ModelTask task,
        ModelSignature signature,
        JsonElement header,
        ArtifactArrayReader arrays,
        IReadOnlyList<KeyValuePair<string, object>> hyperparameters,
        TrainingSummary? training)
    {
        var parameters = ArtifactHeaderFields.Object(header, "parameters");
        var link = ArtifactHeaderFields.String(parameters, "link", "parameters.link");
        var expectedLink = task == ModelTask.BinaryClassification ? "logistic" : "identity";
        if (link != expectedLink)
        {
            throw new ModelFormatException(ModelFormatError.Invalid, $"A {algorithm} model for this task needs link '{expectedLink}', not '{link}'.");
        }
        var intercept = ArtifactHeaderFields.Double(parameters, "intercept", "parameters.intercept");
        var categoryCount = signature.Inputs.Sum(i => i.Vocabulary?.Count ?? 0);
        return new LinearModel(
            algorithm,
            task,
            signature,
            intercept,
            arrays.Doubles("inputWeights", signature.Inputs.Count),
            arrays.Doubles("categoryWeights", categoryCount),
            hyperparameters,
            training);
    }

    /// <summary>Σ weight · (x, or its impute value when NaN), four inputs at a time.</summary>
    private double Dot(ReadOnlySpan<double> x)
    {
        var weights = inputWeights.AsSpan();
        var impute = imputeValues.AsSpan();
        var i = 0;
        var accumulator = Vector256<double>.Zero;
        for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            var value = Vector256.Create(x[i..]);
            value = Vector256.ConditionalSelect(Vector256.Equals(value, value), value, Vector256.Create((ReadOnlySpan<double>)impute[i..]));
            accumulator += Vector256.Create((ReadOnlySpan<double>)weights[i..]) * value;
        }
        var sum = Trainers.VectorMath.SumLanes(accumulator);
        for (; i < x.Length; i++)
        {
            var value = x[i];
            sum += weights[i] * (double.IsNaN(value) ? impute[i] : value);
        }
        return sum;
    }

    /// <summary>The weight of a category code; an unseen category or a missing value (NaN) contributes nothing.</summary>
    private double CategoryContribution(int categorical, double code)
    {
        if (code >= 0 && code < categoryCounts[categorical])
        {
            var index = (int)code;
            if (index == code)
            {
                return categoryWeights[categoryOffsets[categorical] + index];
            }
        }
        return 0;
    }
}
