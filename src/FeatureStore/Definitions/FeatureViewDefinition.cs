using Reference.FeatureStore.Client;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Definitions;

public sealed record FeatureField(string Name, string Type);

// PUT /api/feature-views/{name} body, shaped like a featureViews entry of usecase.yaml.
public sealed record FeatureViewRequest(
    string[]? Entities,
    string? Ttl,
    FeatureField[]? Features,
    string? Classification,
    string? Residency,
    string? Owner,
    Dictionary<string, string>? Tags,
    bool? Online);

// What is stored per version (jsonb): the request normalized, plus the join keys resolved from the entities.
public sealed record FeatureViewSpec(
    string[] Entities,
    string[] JoinKeys,
    string? Ttl,
    FeatureField[] Features,
    string Classification,
    string Residency,
    string? Owner,
    Dictionary<string, string> Tags,
    bool Online);

public sealed record FeatureViewDefinition(
    string Name,
    int Version,
    string[] Entities,
    string[] JoinKeys,
    string? Ttl,
    FeatureField[] Features,
    string Classification,
    string Residency,
    string? Owner,
    Dictionary<string, string> Tags,
    bool Online,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static FeatureViewDefinition From(string name, int version, FeatureViewSpec spec, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new(name, version, spec.Entities, spec.JoinKeys, spec.Ttl, spec.Features, spec.Classification, spec.Residency,
            spec.Owner, spec.Tags, spec.Online, createdAt, updatedAt);

    public FeatureViewSpec ToSpec() => new(Entities, JoinKeys, Ttl, Features, Classification, Residency, Owner, Tags, Online);
}

// The parsed form the data paths use: types and durations resolved once.
public sealed class FeatureView
{
    private readonly Dictionary<string, int> _featureIndex;

    public FeatureView(FeatureViewDefinition definition)
    {
        Definition = definition;
        Name = definition.Name;
        JoinKeys = definition.JoinKeys;
        Ttl = Duration.TryParse(definition.Ttl, out var ttl) && ttl > TimeSpan.Zero ? ttl : null;
        Features = definition.Features.Select(f => new TypedFeature(f.Name, FeatureTypes.TryParse(f.Type, out var t) ? t : FeatureType.String)).ToArray();
        Classification = DataClassificationNames.TryParse(definition.Classification, out var c) ? c : DataClassification.Restricted;
        _featureIndex = Features.Select((f, i) => (f.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public FeatureViewDefinition Definition { get; }

    public string Name { get; }

    public string[] JoinKeys { get; }

    // Null: values never age out (Feast's ttl 0).
    public TimeSpan? Ttl { get; }

    public TypedFeature[] Features { get; }

    public DataClassification Classification { get; }

    public string Residency => Definition.Residency;

    public string OfflineTable => DefinitionNames.OfflineTable(Name);

    public int IndexOf(string feature) => _featureIndex.TryGetValue(feature, out var index) ? index : -1;
}

public sealed record TypedFeature(string Name, FeatureType Type);
