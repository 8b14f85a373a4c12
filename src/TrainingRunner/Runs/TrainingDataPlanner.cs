using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Runs;

// Resolves a job's feature service and labels against the feature store's definitions. Errors are per request
// field, so that a bad job is refused (422) before it is queued.
public sealed class TrainingDataPlanner(FeatureStoreGateway featureStore)
{
    private static readonly HashSet<string> TrainableTypes = ["int64", "float64", "bool", "string", "timestamp"];

    public async Task<TrainingDataPlan?> PlanAsync(string featureService, string labelView, string labelColumn, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var references = await featureStore.GetFeatureServiceAsync(featureService, cancellationToken);
        if (references is null)
        {
            errors.Add("featureService", $"Feature service '{featureService}' does not exist in the feature store; apply the use case's definitions first.");
        }

        var views = new Dictionary<string, FeatureViewInfo>(StringComparer.Ordinal);
        async Task<FeatureViewInfo?> ViewAsync(string name)
        {
            if (!views.TryGetValue(name, out var view) && await featureStore.GetFeatureViewAsync(name, cancellationToken) is { } found)
            {
                views[name] = view = found;
            }
            return view;
        }

        var label = await ViewAsync(labelView);
        PlannedFeature? labelFeature = null;
        if (label is null)
        {
            errors.Add("labels.featureView", $"Feature view '{labelView}' does not exist in the feature store.");
        }
        else if (label.Features.FirstOrDefault(f => f.Name == labelColumn) is not { Name: not null } column)
        {
            errors.Add("labels.column", $"Feature view '{labelView}' has no column '{labelColumn}'; it has {string.Join(", ", label.Features.Select(f => f.Name))}.");
        }
        else if (column.Type is not ("int64" or "float64" or "bool"))
        {
            errors.Add("labels.column", $"Label '{labelView}:{labelColumn}' is {column.Type}; labels must be bool, int64 or float64.");
        }
        else
        {
            labelFeature = new PlannedFeature(labelView, labelColumn, column.Type, TrainingDataPlan.ColumnName(labelView, labelColumn));
        }

        var features = new List<PlannedFeature>();
        foreach (var reference in references ?? [])
        {
            var colon = reference.IndexOf(':');
            var viewName = reference[..colon];
            var name = reference[(colon + 1)..];
            var view = await ViewAsync(viewName);
            if (view is null)
            {
                errors.Add("featureService", $"Feature service '{featureService}' names view '{viewName}', which no longer exists.");
                continue;
            }
            foreach (var (featureName, type) in view.Features.Where(f => name == "*" || f.Name == name))
            {
                if (viewName == labelView && featureName == labelColumn)
                {
                    continue; // the label is never a feature
                }
                if (!TrainableTypes.Contains(type))
                {
                    errors.Add("featureService", $"Feature '{viewName}:{featureName}' is {type}; trainers take scalar features (int64, float64, bool, string, timestamp).");
                    continue;
                }
                if (features.All(f => f.Column != TrainingDataPlan.ColumnName(viewName, featureName)))
                {
                    features.Add(new PlannedFeature(viewName, featureName, type, TrainingDataPlan.ColumnName(viewName, featureName)));
                }
            }
        }
        if (references is not null && features.Count == 0)
        {
            errors.Add("featureService", $"Feature service '{featureService}' selects no feature besides the label.");
        }

        var classification = DataClassification.Public;
        foreach (var view in views.Values)
        {
            classification = (DataClassification)Math.Max((int)classification, (int)(DataClassificationNames.TryParse(view.Classification, out var c) ? c : DataClassification.Restricted));
        }
        var residency = TrainingDataPlan.IntersectResidencies(views.Values.Select(v => v.Residency));
        if (residency is null)
        {
            errors.Add("featureService", "The views this job reads have residencies with no place in common (" +
                string.Join(", ", views.Values.Select(v => $"{v.Name}: {v.Residency}")) + "); train on views that may be processed in one jurisdiction.");
        }
        if (!errors.IsEmpty || labelFeature is null)
        {
            return null;
        }
        return new TrainingDataPlan(features, labelFeature, [.. views.Values.OrderBy(v => v.Name, StringComparer.Ordinal)], classification, residency!);
    }
}
