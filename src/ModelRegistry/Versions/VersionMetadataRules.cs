using System.Text.Json;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Models;
using Reference.ServiceDefaults;

namespace Reference.ModelRegistry.Versions;

// What a version's metadata part must satisfy; lineage fills in the defaults placement relies on.
internal static class VersionMetadataRules
{
    public const string DefaultClassification = "internal";
    private const int MaxEntries = 500;

    private static readonly HashSet<string> SignatureTypes = new(StringComparer.Ordinal)
    {
        "bool", "boolean", "int32", "int64", "integer", "long", "float32", "float64", "float", "double", "string", "category", "datetime", "binary",
    };

    public static void Validate(VersionMetadata metadata, ValidationErrors errors)
    {
        TagRules.ValidateText(metadata.SourceRunId, 256, "sourceRunId", errors);
        TagRules.ValidateText(metadata.Algorithm, 64, "algorithm", errors);
        TagRules.ValidateText(metadata.Description, 5000, "description", errors);
        TagRules.Validate(metadata.Tags?.Select(t => KeyValuePair.Create(t.Key, (string?)t.Value)), errors);
        ValidateKeys(metadata.Hyperparameters?.Keys, "hyperparameters", errors);
        ValidateKeys(metadata.Metrics?.Keys, "metrics", errors);
        if (metadata.ExpectedSha256 is { } expected && !IsSha256(expected))
        {
            errors.Add("expectedSha256", "expectedSha256 is 64 hexadecimal characters.");
        }
        if (metadata.DataProfile is { } profile && profile.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            errors.Add("dataProfile", "dataProfile is a JSON object (the trainer's data profile).");
        }
        ValidateFields(metadata.Signature?.Inputs, "signature.inputs", errors);
        ValidateFields(metadata.Signature?.Outputs, "signature.outputs", errors);

        if (metadata.Lineage is { } lineage)
        {
            TagRules.ValidateText(lineage.TrainingJobId, 128, "lineage.trainingJobId", errors);
            if (lineage.DatasetSha256 is { } dataset && !IsSha256(dataset))
            {
                errors.Add("lineage.datasetSha256", "datasetSha256 is 64 hexadecimal characters.");
            }
            if (lineage.Classification is { } classification && !DataClassificationNames.TryParse(classification, out _))
            {
                errors.Add("lineage.classification", "classification is one of public, internal, confidential, restricted.");
            }
            if (lineage.Residency is { } residency && !IsResidency(residency))
            {
                errors.Add("lineage.residency", "residency is a region name such as eu, us or any (lower-case letters, digits, '-').");
            }
            var index = 0;
            foreach (var view in lineage.FeatureViews ?? [])
            {
                if (view is null || string.IsNullOrWhiteSpace(view.Name) || view.Name.Length > 128)
                {
                    errors.Add($"lineage.featureViews[{index}].name", "Each feature view needs a name of at most 128 characters.");
                }
                if (view?.Version is < 1)
                {
                    errors.Add($"lineage.featureViews[{index}].version", "Feature view versions start at 1.");
                }
                index++;
            }
        }
    }

    // The lineage as stored: classification named canonically, defaulting to internal when the trainer did not say.
    public static ModelLineage Normalize(ModelLineage? lineage)
    {
        lineage ??= new ModelLineage();
        var classification = DataClassificationNames.TryParse(lineage.Classification, out var parsed) ? parsed.ToName() : DefaultClassification;
        return lineage with
        {
            Classification = classification,
            DatasetSha256 = lineage.DatasetSha256?.ToLowerInvariant(),
            FeatureViews = lineage.FeatureViews ?? [],
        };
    }

    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    public static bool IsResidency(string value) =>
        value.Length is > 0 and <= 32 && char.IsAsciiLetterLower(value[0]) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static void ValidateKeys(IEnumerable<string>? keys, string field, ValidationErrors errors)
    {
        var count = 0;
        foreach (var key in keys ?? [])
        {
            count++;
            if (string.IsNullOrWhiteSpace(key) || key.Length > 250)
            {
                errors.Add(field, $"{field} keys are 1 to 250 characters.");
            }
        }
        if (count > MaxEntries)
        {
            errors.Add(field, $"At most {MaxEntries} {field}.");
        }
    }

    private static void ValidateFields(IReadOnlyList<SignatureField>? fields, string field, ValidationErrors errors)
    {
        for (var i = 0; i < (fields?.Count ?? 0); i++)
        {
            var f = fields![i];
            if (f is null || string.IsNullOrWhiteSpace(f.Name) || f.Name.Length > 250)
            {
                errors.Add($"{field}[{i}].name", "Each signature field needs a name of at most 250 characters.");
            }
            if (f?.Type is null || !SignatureTypes.Contains(f.Type))
            {
                errors.Add($"{field}[{i}].type", $"type is one of {string.Join(", ", SignatureTypes)}.");
            }
        }
    }
}
