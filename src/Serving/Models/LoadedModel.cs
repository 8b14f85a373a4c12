using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.ModelRegistry.Client;
using Reference.Serving.Features;

namespace Reference.Serving.Models;

// One registry version, loaded, checked and warmed up: immutable, shared by every request that picked it.
public sealed class LoadedModel
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> inputLookup;

    public LoadedModel(ModelVersion registered, Model model, FeatureBinding? features, string? featureProblem)
    {
        Registered = registered;
        Model = model;
        Features = features;
        FeatureProblem = featureProblem;
        Name = registered.Model;
        Version = registered.Version;
        VersionText = registered.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        VersionTag = new KeyValuePair<string, object?>("model.version", VersionText);
        var inputs = model.Signature.Inputs;
        var byName = new Dictionary<string, int>(inputs.Count, StringComparer.Ordinal);
        Datatypes = new string[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            byName[inputs[i].Name] = i;
            Datatypes[i] = TensorDatatypes.For(inputs[i].Type);
        }
        inputLookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public int Version { get; }

    public string VersionText { get; }

    public ModelVersion Registered { get; }

    public Model Model { get; }

    // How to read the model's inputs from the online store; null (with FeatureProblem saying why) when they cannot be.
    public FeatureBinding? Features { get; }

    public string? FeatureProblem { get; }

    // The features could not be bound because the feature store was unreachable: the lifecycle tries again.
    public bool FeatureBindingTransient { get; init; }

    public int InputCount => Model.InputCount;

    public IReadOnlyList<SignatureInput> Inputs => Model.Signature.Inputs;

    // The Open Inference Protocol datatype of each input, in signature order.
    public string[] Datatypes { get; }

    public string OutputName => Model.Signature.Output.Name;

    internal KeyValuePair<string, object?> VersionTag { get; }

    public int IndexOf(ReadOnlySpan<char> inputName) => inputLookup.TryGetValue(inputName, out var index) ? index : -1;

    public bool IsRequired(int input) => Inputs[input].Missing.Handling == MissingValueHandling.Required;
}

public static class TensorDatatypes
{
    public const string Fp64 = "FP64";
    public const string Fp32 = "FP32";
    public const string Int64 = "INT64";
    public const string Int32 = "INT32";
    public const string Bool = "BOOL";
    public const string Bytes = "BYTES";

    public static string For(ColumnType type) => type switch
    {
        ColumnType.Int64 => Int64,
        ColumnType.Bool => Bool,
        ColumnType.Categorical => Bytes,
        _ => Fp64,
    };
}
