namespace Reference.Learning.Metrics;

internal static class MetricInputs
{
    public static void Check(ReadOnlySpan<double> labels, ReadOnlySpan<double> predictions, bool binary, bool probabilities)
    {
        if (labels.Length != predictions.Length)
        {
            throw new ArgumentException($"{labels.Length} labels but {predictions.Length} predictions.");
        }
        if (labels.IsEmpty)
        {
            throw new ArgumentException("A metric needs at least one row.");
        }
        for (var i = 0; i < labels.Length; i++)
        {
            if (binary ? labels[i] is not (0 or 1) : !double.IsFinite(labels[i]))
            {
                throw new ArgumentException($"Row {i} has label {labels[i]}; expected {(binary ? "0 or 1" : "a finite number")}.");
            }
            var p = predictions[i];
            if (probabilities ? !(p >= 0 && p <= 1) : double.IsNaN(p))
            {
                throw new ArgumentException($"Row {i} has prediction {p}; expected {(probabilities ? "a probability in [0, 1]" : "a number")}.");
            }
        }
    }
}
