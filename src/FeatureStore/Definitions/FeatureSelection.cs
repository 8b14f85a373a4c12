namespace Reference.FeatureStore.Definitions;

// The features a read asks for, grouped by view, in the order the caller listed them.
public sealed class FeatureSelection
{
    public FeatureSelection(IReadOnlyList<ViewSelection> views, IReadOnlyList<SelectedFeature> ordered)
    {
        Views = views;
        Ordered = ordered;
        JoinKeys = views.SelectMany(v => v.View.JoinKeys).Distinct(StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<ViewSelection> Views { get; }

    // Output order: one entry per requested feature.
    public IReadOnlyList<SelectedFeature> Ordered { get; }

    // Every join key the views need, in first-seen order.
    public IReadOnlyList<string> JoinKeys { get; }

    public string OutputName(SelectedFeature feature, bool fullFeatureNames)
    {
        var view = Views[feature.ViewIndex];
        var name = view.View.Features[view.FeatureIndices[feature.FeatureSlot]].Name;
        return fullFeatureNames ? view.View.Name + "__" + name : name;
    }
}

// FeatureIndices index the view's features; a SelectedFeature's slot indexes FeatureIndices.
public sealed record ViewSelection(FeatureView View, int[] FeatureIndices);

public readonly record struct SelectedFeature(int ViewIndex, int FeatureSlot);
