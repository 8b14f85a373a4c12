using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Definitions;

// Resolves "view:feature" / "view:*" references (or a feature service's) against the registry. Successful
// resolutions are reused for the registry's cache lifetime, so that online reads do not rebuild them per request.
public sealed class FeatureReferences(FeatureRegistry registry, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (FeatureSelection Selection, long Expires, int Generation)> _resolved = new(StringComparer.Ordinal);

    // Fills errors (field "features" or "featureService") and returns null when something does not resolve.
    public async Task<FeatureSelection?> ResolveAsync(string[]? features, string? featureService, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var cacheKey = featureService is not null && features is not { Length: > 0 } ? "service\u001f" + featureService
            : features is { Length: > 0 } && featureService is null ? string.Join('\u001f', features)
            : null;
        var now = time.GetTimestamp();
        if (cacheKey is not null && _resolved.TryGetValue(cacheKey, out var cached) && now < cached.Expires && cached.Generation == registry.Generation)
        {
            return cached.Selection;
        }
        var generation = registry.Generation;
        var selection = await ResolveUncachedAsync(features, featureService, errors, cancellationToken);
        if (selection is not null && cacheKey is not null)
        {
            if (_resolved.Count > 10_000)
            {
                _resolved.Clear(); // bounded: callers that send ever-new feature lists do not grow it without limit
            }
            _resolved[cacheKey] = (selection, now + (2 * time.TimestampFrequency), generation);
        }
        return selection;
    }

    private async Task<FeatureSelection?> ResolveUncachedAsync(string[]? features, string? featureService, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var field = "features";
        if (featureService is not null)
        {
            if (features is { Length: > 0 })
            {
                errors.Add("featureService", "Give either features or featureService, not both.");
                return null;
            }
            var service = await registry.GetServiceAsync(featureService, cancellationToken);
            if (service is null)
            {
                errors.Add("featureService", $"Feature service '{featureService}' does not exist.");
                return null;
            }
            features = service.Features;
            field = "featureService";
        }
        if (features is not { Length: > 0 })
        {
            errors.Add("features", "List features as \"view:feature\" or \"view:*\", or name a featureService.");
            return null;
        }

        var views = new List<ViewSelection>();
        var slots = new List<List<int>>();
        var ordered = new List<SelectedFeature>();
        foreach (var reference in features)
        {
            var colon = reference?.IndexOf(':') ?? -1;
            if (reference is null || colon <= 0 || colon == reference.Length - 1)
            {
                errors.Add(field, $"'{reference}' is not a feature reference; write \"view:feature\" or \"view:*\".");
                continue;
            }
            var viewName = reference[..colon];
            var featureName = reference[(colon + 1)..];
            var view = DefinitionNames.IsValid(viewName) ? await registry.GetViewAsync(viewName, cancellationToken) : null;
            if (view is null)
            {
                errors.Add(field, $"Feature view '{viewName}' (in '{reference}') does not exist.");
                continue;
            }
            var viewIndex = views.FindIndex(v => v.View.Name == view.Name);
            if (viewIndex < 0)
            {
                viewIndex = views.Count;
                views.Add(new ViewSelection(view, []));
                slots.Add([]);
            }

            int[] indices;
            if (featureName == "*")
            {
                indices = Enumerable.Range(0, view.Features.Length).ToArray();
            }
            else if (view.IndexOf(featureName) is var index and >= 0)
            {
                indices = [index];
            }
            else
            {
                errors.Add(field, $"Feature view '{viewName}' has no feature '{featureName}'.");
                continue;
            }

            foreach (var i in indices)
            {
                var slot = slots[viewIndex].IndexOf(i);
                if (slot >= 0)
                {
                    continue; // asked twice: served once
                }
                slots[viewIndex].Add(i);
                ordered.Add(new SelectedFeature(viewIndex, slots[viewIndex].Count - 1));
            }
        }

        if (!errors.IsEmpty)
        {
            return null;
        }
        return new FeatureSelection(views.Select((v, i) => v with { FeatureIndices = [.. slots[i]] }).ToArray(), ordered);
    }
}
