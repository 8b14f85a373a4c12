using Reference.Placement.Configuration;

namespace Reference.Placement.Policies;

/// <summary>The placement rules of a platform (deploy/policies.yaml). See README.md for the format.</summary>
public sealed class PolicySet
{
    public PolicySet(IEnumerable<PolicyRule> rules)
    {
        Rules = rules.ToList();
        var duplicate = Rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Rule '{duplicate.Key}' is defined twice.", nameof(rules));
        }
    }

    public static PolicySet Empty { get; } = new([]);

    /// <summary>Rules in file order (order does not change the outcome; every rule applies).</summary>
    public IReadOnlyList<PolicyRule> Rules { get; }

    public static PolicySet Load(string path) => Parse(File.ReadAllText(path), path);

    public static PolicySet Parse(string yaml, string fileName = "policies.yaml") =>
        PolicySetReader.Read(YamlDocument.Parse(yaml, fileName));
}
