namespace Reference.FeatureStore.Offline;

// The scalar fields of the entity rows, named by the first row: their values are kept as text per row so that
// join keys can be picked out once the requested features (and so the needed keys) are known.
public sealed class EntityRowColumns
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool IsFixed { get; private set; }

    public void Add(string name)
    {
        if (!IsFixed && !_names.Contains(name))
        {
            _names.Add(name);
        }
    }

    public void Fix() => IsFixed = true;

    public static EntityRowColumns From(IEnumerable<string> names)
    {
        var columns = new EntityRowColumns();
        foreach (var name in names)
        {
            columns.Add(name);
        }
        columns.Fix();
        return columns;
    }

    public int IndexOf(string name) => _names.IndexOf(name);
}
