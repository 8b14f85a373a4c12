using Reference.FeatureStore.Client;
using Reference.Learning.Models;
using Reference.ModelRegistry.Client;
using Reference.ServiceDefaults;

namespace Reference.Serving.Features;

// Where each model input comes from in the online store: a plan resolved once at load time (which views, which
// features, their TTLs and classifications) and, per signature input, the (view read, feature) it is read from.
public sealed class FeatureBinding
{
    private FeatureBinding(OnlineFeaturePlan plan, (int Read, int Feature)[] sources, DataClassification[] classifications)
    {
        Plan = plan;
        Sources = sources;
        Classifications = classifications;
    }

    public OnlineFeaturePlan Plan { get; }

    public IReadOnlyList<string> JoinKeys => Plan.JoinKeys;

    // Per signature input: the index of the plan's view and of the feature in that view's read.
    internal (int Read, int Feature)[] Sources { get; }

    // Per plan view: its classification, checked against the caller's clearance before values are echoed.
    public DataClassification[] Classifications { get; }

    // Inputs are named as training named them: "view__feature" (historical retrieval with full feature names), or a
    // bare feature name that exactly one of the lineage's views has.
    public static async Task<FeatureBinding> BindAsync(Reference.Learning.Models.ModelSignature signature, ModelLineage lineage, FeatureStoreHttpClient featureStore, CancellationToken cancellationToken)
    {
        var lineageViews = new List<FeatureViewInfo>();
        foreach (var reference in lineage.FeatureViews ?? [])
        {
            if (reference.Name is { Length: > 0 } name)
            {
                lineageViews.Add(await featureStore.GetFeatureViewAsync(name, cancellationToken)
                    ?? throw new InvalidOperationException($"The model's lineage names feature view '{name}', which the feature store does not have."));
            }
        }

        var references = new List<string>(signature.Inputs.Count);
        var wanted = new (string View, string Feature)[signature.Inputs.Count];
        for (var i = 0; i < wanted.Length; i++)
        {
            wanted[i] = Locate(signature.Inputs[i].Name, lineageViews);
            references.Add($"{wanted[i].View}:{wanted[i].Feature}");
        }
        var plan = await featureStore.PlanAsync(references, cancellationToken);

        var sources = new (int, int)[wanted.Length];
        for (var i = 0; i < wanted.Length; i++)
        {
            var read = -1;
            for (var v = 0; v < plan.Views.Count && read < 0; v++)
            {
                if (plan.Views[v].View.Name == wanted[i].View)
                {
                    read = v;
                }
            }
            sources[i] = (read, Array.IndexOf(plan.Views[read].Features, wanted[i].Feature));
        }
        var classifications = new DataClassification[plan.Views.Count];
        for (var v = 0; v < classifications.Length; v++)
        {
            classifications[v] = DataClassificationNames.TryParse(plan.Views[v].View.Classification, out var c) ? c : DataClassification.Restricted;
        }
        return new FeatureBinding(plan, sources, classifications);
    }

    private static (string View, string Feature) Locate(string input, List<FeatureViewInfo> lineageViews)
    {
        var separator = input.IndexOf("__", StringComparison.Ordinal);
        if (separator > 0)
        {
            return (input[..separator], input[(separator + 2)..]);
        }
        var owners = lineageViews.Where(v => v.Features.Any(f => f.Name == input)).ToList();
        return owners.Count == 1
            ? (owners[0].Name, input)
            : throw new InvalidOperationException(owners.Count == 0
                ? $"Input '{input}' is not a feature of any view in the model's lineage; name inputs 'view__feature'."
                : $"Input '{input}' is a feature of several lineage views ({string.Join(", ", owners.Select(o => o.Name))}); name it 'view__feature'.");
    }
}
