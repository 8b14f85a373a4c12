namespace Reference.Learning.Data;

/// <summary>
/// The ordered set of category strings of a categorical column; a category's code is its
/// position. Order is first-seen order, so a replayed stream gives the same codes.
/// </summary>
public sealed class CategoryVocabulary
{
    private readonly List<string> categories = [];
    private readonly Dictionary<string, int> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> spanCodes;

    public CategoryVocabulary()
    {
        spanCodes = codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public CategoryVocabulary(IEnumerable<string> categories) : this()
    {
        ArgumentNullException.ThrowIfNull(categories);
        foreach (var category in categories)
        {
            ArgumentNullException.ThrowIfNull(category, nameof(categories));
            if (!codes.TryAdd(category, this.categories.Count))
            {
                throw new ArgumentException($"Category '{category}' appears twice in the vocabulary.", nameof(categories));
            }
            this.categories.Add(category);
        }
    }

    public int Count => categories.Count;

    public string this[int code] => categories[code];

    public IReadOnlyList<string> Categories => categories;

    /// <summary>The code of <paramref name="category"/>, or -1 when it is not in the vocabulary.</summary>
    public int IndexOf(string category) => codes.TryGetValue(category, out var code) ? code : -1;

    public int IndexOf(ReadOnlySpan<char> category) => spanCodes.TryGetValue(category, out var code) ? code : -1;

    /// <summary>Looks up without allocating; allocates the string only for a new category.</summary>
    internal int GetOrAdd(ReadOnlySpan<char> category)
    {
        if (spanCodes.TryGetValue(category, out var code))
        {
            return code;
        }
        var text = category.ToString();
        codes.Add(text, categories.Count);
        categories.Add(text);
        return categories.Count - 1;
    }
}
