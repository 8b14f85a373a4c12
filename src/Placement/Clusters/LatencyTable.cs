namespace Reference.Placement.Clusters;

/// <summary>
/// Round-trip latency in milliseconds between geographic areas. Symmetric; an area to itself
/// defaults to <see cref="SameLocationMs"/> (metro round trip plus a load balancer) unless given.
/// </summary>
public sealed class LatencyTable
{
    public const double SameLocationMs = 5;

    private readonly Dictionary<(string, string), double> _ms = [];

    public LatencyTable(IEnumerable<(string From, string To, double Ms)> entries)
    {
        foreach (var (from, to, ms) in entries)
        {
            _ms[Key(from, to)] = ms;
        }
    }

    public static LatencyTable Empty { get; } = new([]);

    /// <summary>Entries in a stable order (each pair once, alphabetical), for reports and tests.</summary>
    public IReadOnlyList<(string From, string To, double Ms)> Entries =>
        _ms.OrderBy(e => e.Key.Item1, StringComparer.Ordinal).ThenBy(e => e.Key.Item2, StringComparer.Ordinal)
            .Select(e => (e.Key.Item1, e.Key.Item2, e.Value)).ToList();

    public IReadOnlySet<string> Locations => _ms.Keys.SelectMany(k => new[] { k.Item1, k.Item2 }).ToHashSet(StringComparer.Ordinal);

    /// <summary>Latency between two areas, or null when the table has no figure for the pair.</summary>
    public double? Between(string a, string b)
    {
        if (_ms.TryGetValue(Key(a, b), out var ms))
        {
            return ms;
        }

        return string.Equals(a, b, StringComparison.Ordinal) ? SameLocationMs : null;
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
