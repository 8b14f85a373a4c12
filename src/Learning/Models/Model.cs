using System.Text.Json;
using Reference.Learning.Data;

namespace Reference.Learning.Models;

/// <summary>
/// A trained model: scores rows whose values are in signature order (categorical inputs as
/// vocabulary codes, NaN where missing). Scoring one row allocates nothing; a model is immutable
/// and safe to share between threads.
/// </summary>
public abstract class Model
{
    /// <summary>Batches at least this long are split over cores; smaller ones are not worth the hand-off.</summary>
    private protected const int ParallelBatchRows = 16_384;

    private protected Model(
        string algorithm,
        ModelTask task,
        ModelSignature signature,
        IReadOnlyList<KeyValuePair<string, object>> hyperparameters,
        TrainingSummary? training)
    {
        Algorithm = algorithm;
        Task = task;
        Signature = signature;
        Hyperparameters = hyperparameters;
        Training = training;
    }

    /// <summary>"logistic", "linear" or "gbdt", as in the use-case spec.</summary>
    public string Algorithm { get; }

    public ModelTask Task { get; }

    public ModelSignature Signature { get; }

    /// <summary>The hyperparameters it was trained with (values are long, double or string).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Hyperparameters { get; }

    public TrainingSummary? Training { get; }

    public int InputCount => Signature.Inputs.Count;

    /// <summary>The output for one row: a probability or a prediction.</summary>
    public double Score(ReadOnlySpan<double> inputs)
    {
        if (inputs.Length != InputCount)
        {
            throw new ArgumentException($"The row has {inputs.Length} values; the model takes {InputCount} inputs.", nameof(inputs));
        }
        CheckRequired(inputs, row: -1);
        return Link(RawScore(inputs));
    }

    /// <summary>Scores a row-major batch: row i is rows[i*InputCount .. (i+1)*InputCount).</summary>
    public void ScoreBatch(ReadOnlySpan<double> rows, Span<double> outputs)
    {
        if (InputCount == 0 || rows.Length % InputCount != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not a whole number of rows of {InputCount} inputs.", nameof(rows));
        }
        var rowCount = rows.Length / InputCount;
        if (outputs.Length < rowCount)
        {
            throw new ArgumentException($"Room for {outputs.Length} outputs; the batch has {rowCount} rows.", nameof(outputs));
        }
        if (Signature.RequiredInputs.Length > 0)
        {
            for (var r = 0; r < rowCount; r++)
            {
                CheckRequired(rows.Slice(r * InputCount, InputCount), r);
            }
        }
        RawScoreBatch(rows, rowCount, outputs[..rowCount]);
        ApplyLink(outputs[..rowCount]);
    }

    /// <summary>Scores every row of a column-major matrix whose columns are the inputs in signature order.</summary>
    public void ScoreBatch(FeatureMatrix inputs, Span<double> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.ColumnCount != InputCount)
        {
            throw new ArgumentException($"The matrix has {inputs.ColumnCount} columns; the model takes {InputCount} inputs.", nameof(inputs));
        }
        if (outputs.Length < inputs.RowCount)
        {
            throw new ArgumentException($"Room for {outputs.Length} outputs; the matrix has {inputs.RowCount} rows.", nameof(outputs));
        }
        foreach (var index in Signature.RequiredInputs)
        {
            var column = inputs.Column(index);
            var missing = FirstNaN(column);
            if (missing >= 0)
            {
                throw new ArgumentException($"Row {missing}: input '{Signature.Inputs[index].Name}' is required but missing.", nameof(inputs));
            }
        }
        RawScoreBatch(inputs, outputs[..inputs.RowCount]);
        ApplyLink(outputs[..inputs.RowCount]);
    }

    /// <summary>The same model with the named inputs required: a missing value is rejected rather than handled.</summary>
    public Model WithRequiredInputs(params IEnumerable<string> names) => WithSignature(Signature.WithRequiredInputs(names));

    private protected abstract double RawScore(ReadOnlySpan<double> inputs);

    private protected abstract void RawScoreBatch(ReadOnlySpan<double> rows, int rowCount, Span<double> outputs);

    private protected abstract void RawScoreBatch(FeatureMatrix inputs, Span<double> outputs);

    private protected abstract Model WithSignature(ModelSignature signature);

    /// <summary>Writes the "preprocessing" and "parameters" header properties and adds the model's arrays.</summary>
    internal abstract void WriteParameters(Utf8JsonWriter header, ArtifactArrayWriter arrays);

    private protected double Link(double raw) => Task == ModelTask.BinaryClassification ? Sigmoid(raw) : raw;

    private void ApplyLink(Span<double> outputs)
    {
        if (Task != ModelTask.BinaryClassification)
        {
            return;
        }
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = Sigmoid(outputs[i]);
        }
    }

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    private void CheckRequired(ReadOnlySpan<double> inputs, int row)
    {
        var missing = Signature.FindMissingRequired(inputs);
        if (missing >= 0)
        {
            var where = row >= 0 ? $"Row {row}: input" : "Input";
            throw new ArgumentException($"{where} '{Signature.Inputs[missing].Name}' is required but missing.", nameof(inputs));
        }
    }

    private static int FirstNaN(ReadOnlySpan<double> column)
    {
        for (var i = 0; i < column.Length; i++)
        {
            if (double.IsNaN(column[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
