using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reference.Learning.Profiles;

/// <summary>
/// The training data's profile, stored beside a model version so drift detection can compare live
/// traffic against it. Serialises to camelCase JSON with a format version.
/// </summary>
public sealed class DataProfile
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required long RowCount { get; init; }

    public required IReadOnlyList<FeatureProfile> Features { get; init; }

    public FeatureProfile this[string name] =>
        Features.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"The profile has no feature '{name}'.");

    public string ToJson() => JsonSerializer.Serialize(this, ProfileJsonContext.Default.DataProfile);

    /// <exception cref="FormatException">Not a profile, or a profile format version this build cannot read.</exception>
    public static DataProfile FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (var document = ParseOrThrow(json))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("A data profile must be a JSON object.");
            }
            if (document.RootElement.TryGetProperty("formatVersion", out var version)
                && (!version.TryGetInt32(out var number) || number != CurrentFormatVersion))
            {
                throw new FormatException($"Data profile format version {version.GetRawText()} is not supported: this build reads version {CurrentFormatVersion}.");
            }
        }
        try
        {
            return JsonSerializer.Deserialize(json, ProfileJsonContext.Default.DataProfile)
                ?? throw new FormatException("The data profile JSON is null.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The data profile JSON is not valid: {ex.Message}", ex);
        }
    }

    private static JsonDocument ParseOrThrow(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The data profile is not valid JSON: {ex.Message}", ex);
        }
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = false)]
[JsonSerializable(typeof(DataProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
