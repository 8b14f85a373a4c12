using Reference.Serving.Infrastructure;

namespace Reference.Serving.Models;

// Every model this instance serves, looked up per request without allocating.
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ServedModel> models;
    private readonly Dictionary<string, ServedModel>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public ModelCatalog(IEnumerable<ServedModelOptions> configured)
    {
        models = new Dictionary<string, ServedModel>(StringComparer.Ordinal);
        foreach (var options in configured)
        {
            if (!string.IsNullOrWhiteSpace(options.Model))
            {
                models[options.Model] = new ServedModel(options);
            }
        }
        lookup = models.GetAlternateLookup<ReadOnlySpan<char>>();
        All = [.. models.Values];
    }

    public IReadOnlyList<ServedModel> All { get; }

    public ServedModel? Find(ReadOnlySpan<char> name) => lookup.TryGetValue(name, out var model) ? model : null;

    // KServe semantics: ready once every configured model has a champion loaded.
    public bool IsReady
    {
        get
        {
            if (All.Count == 0)
            {
                return false;
            }
            foreach (var model in All)
            {
                if (model.Champion is null)
                {
                    return false;
                }
            }
            return true;
        }
    }
}
