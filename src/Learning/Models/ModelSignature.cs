namespace Reference.Learning.Models;

/// <summary>
/// What a model takes and gives: the inputs in the order a row passes them, and the output.
/// Serving builds each request row in this order.
/// </summary>
public sealed class ModelSignature
{
    private readonly SignatureInput[] inputs;
    private readonly Dictionary<string, int> indexByName = new(StringComparer.Ordinal);

    public ModelSignature(IEnumerable<SignatureInput> inputs, SignatureOutput output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        this.inputs = [.. inputs];
        Output = output;
        var required = new List<int>();
        for (var i = 0; i < this.inputs.Length; i++)
        {
            if (!indexByName.TryAdd(this.inputs[i].Name, i))
            {
                throw new ArgumentException($"Input '{this.inputs[i].Name}' appears twice in the signature.", nameof(inputs));
            }
            if (this.inputs[i].Missing.Handling == MissingValueHandling.Required)
            {
                required.Add(i);
            }
        }
        RequiredInputs = [.. required];
    }

    public IReadOnlyList<SignatureInput> Inputs => inputs;

    public SignatureOutput Output { get; }

    internal int[] RequiredInputs { get; }

    /// <summary>The position of an input in a row, or -1.</summary>
    public int IndexOf(string inputName) => indexByName.TryGetValue(inputName, out var index) ? index : -1;

    /// <summary>The index of the first required input that is missing (NaN) in <paramref name="row"/>, or -1.</summary>
    public int FindMissingRequired(ReadOnlySpan<double> row)
    {
        foreach (var index in RequiredInputs)
        {
            if (double.IsNaN(row[index]))
            {
                return index;
            }
        }
        return -1;
    }

    /// <summary>The same signature with the named inputs required (a missing value is rejected instead of handled).</summary>
    public ModelSignature WithRequiredInputs(IEnumerable<string> names)
    {
        var copy = (SignatureInput[])inputs.Clone();
        foreach (var name in names)
        {
            var index = IndexOf(name);
            if (index < 0)
            {
                throw new ArgumentException($"The signature has no input named '{name}'.", nameof(names));
            }
            copy[index] = copy[index] with { Missing = MissingValuePolicy.Required };
        }
        return new ModelSignature(copy, Output);
    }
}
