using Reference.FeatureStore.Client;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Definitions;

// Turns a PUT body into a normalized spec (join keys are filled in later from the entities), or per-field errors.
public static class FeatureViewValidation
{
    public static readonly string[] ReservedColumns = ["event_timestamp", "created_timestamp"];

    public static FeatureViewSpec? Validate(FeatureViewRequest request, ValidationErrors errors)
    {
        if (request.Entities is not { Length: > 0 } entities || entities.Any(e => !DefinitionNames.IsValid(e)))
        {
            errors.Add("entities", $"List one or more entity names ({DefinitionNames.Rule}).");
        }
        else if (entities.Distinct(StringComparer.Ordinal).Count() != entities.Length)
        {
            errors.Add("entities", "Each entity may be listed once.");
        }

        TimeSpan ttl = default;
        if (request.Ttl is not null && !Duration.TryParse(request.Ttl, out ttl))
        {
            errors.Add("ttl", $"'{request.Ttl}' is not a duration; write it like 7d, 24h, 30m, 45s or a number of seconds (0 or absent: values never expire).");
        }

        var features = new List<FeatureField>();
        if (request.Features is not { Length: > 0 })
        {
            errors.Add("features", "List one or more features as {name, type}.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < request.Features.Length; i++)
            {
                var feature = request.Features[i];
                if (feature is null || !DefinitionNames.IsValid(feature.Name) || ReservedColumns.Contains(feature.Name))
                {
                    errors.Add($"features[{i}].name", $"A feature name is {DefinitionNames.Rule}, and not event_timestamp or created_timestamp.");
                    continue;
                }
                if (!seen.Add(feature.Name))
                {
                    errors.Add($"features[{i}].name", $"Feature '{feature.Name}' is listed twice.");
                }
                if (!FeatureTypes.TryParse(feature.Type, out var type))
                {
                    errors.Add($"features[{i}].type", $"'{feature.Type}' is not a feature type; use {FeatureTypes.Accepted}.");
                    continue;
                }
                features.Add(new FeatureField(feature.Name, type.ToName()));
            }
        }

        var classification = DataClassification.Internal;
        if (request.Classification is not null && !DataClassificationNames.TryParse(request.Classification, out classification))
        {
            errors.Add("classification", $"'{request.Classification}' is not a classification; use public, internal, confidential or restricted.");
        }

        var residency = Residency.Normalize(request.Residency);
        if (residency is null)
        {
            errors.Add("residency", $"'{request.Residency}' is not a residency; use any, or one or more jurisdictions such as eu or us (comma-separated).");
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new FeatureViewSpec(
            request.Entities!, [], ttl > TimeSpan.Zero ? Duration.Format(ttl) : null, [.. features], classification.ToName(), residency!,
            string.IsNullOrWhiteSpace(request.Owner) ? null : request.Owner.Trim(), request.Tags ?? [], request.Online ?? true);
    }
}
