using Reference.Placement.Clusters;
using Reference.Placement.Configuration;
using Reference.Placement.Datasets;
using Reference.Placement.Workloads;

namespace Reference.Placement.Policies;

/// <summary>Reads the policies YAML format into a <see cref="PolicySet"/>, reporting file, line and field on errors.</summary>
internal static class PolicySetReader
{
    private static readonly string[] RootFields = ["rules"];
    private static readonly string[] RuleFields = ["name", "description", "when", "require", "forbid"];
    private static readonly string[] WhenFields = ["workload", "kind", "classification", "classificationAtLeast", "residency"];
    private static readonly string[] SelectorFields = ["provider", "jurisdiction", "region", "location", "cluster"];

    public static PolicySet Read(YamlDocument document)
    {
        var root = document.Reader();
        if (root.IsNullNode)
        {
            return PolicySet.Empty;
        }

        root.ExpectMapping(RootFields);
        var rules = new List<PolicyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root.Child("rules")?.Items() ?? [])
        {
            var rule = ReadRule(node);
            if (!seen.Add(rule.Name))
            {
                throw node.Required("name").Error($"rule '{rule.Name}' is defined twice; rule names must be unique so that refusals can cite them");
            }

            rules.Add(rule);
        }

        return new PolicySet(rules);
    }

    private static PolicyRule ReadRule(YamlNodeReader node)
    {
        node.ExpectMapping(RuleFields);
        var nameNode = node.Required("name");
        var name = nameNode.String();
        if (!ResourceName.IsValid(name))
        {
            throw nameNode.Error($"rule name '{name}' is not valid: {ResourceName.Rule}");
        }

        var require = node.Child("require") is { } r ? ReadSelector(r) : null;
        var forbid = node.Child("forbid") is { } f ? ReadSelector(f) : null;
        if (require is null && forbid is null)
        {
            throw node.Error($"rule '{name}' has neither require nor forbid, so it would never change a placement");
        }

        return new PolicyRule
        {
            Name = name,
            Description = node.OptionalString("description") ?? "",
            When = node.Child("when") is { } w ? ReadCondition(w) : new RuleCondition(),
            Require = require,
            Forbid = forbid,
        };
    }

    private static RuleCondition ReadCondition(YamlNodeReader node)
    {
        node.ExpectMapping(WhenFields);
        return new RuleCondition
        {
            Workloads = node.OptionalStringList("workload"),
            Kinds = ReadList(node.Child("kind"), text => Enum.TryParse<WorkloadKind>(text, ignoreCase: true, out var kind) ? kind : (WorkloadKind?)null, "service or job"),
            Classifications = ReadList(node.Child("classification"), ParseClassification, DataClassificationNames.Expected),
            ClassificationAtLeast = node.Child("classificationAtLeast") is { } floor
                ? ParseClassification(floor.String()) ?? throw floor.Error($"unknown classification '{floor.String()}'; expected {DataClassificationNames.Expected}")
                : null,
            Residencies = node.OptionalStringList("residency").Select(r => r.ToLowerInvariant()).ToList(),
        };
    }

    private static ClusterSelector ReadSelector(YamlNodeReader node)
    {
        node.ExpectMapping(SelectorFields);
        var selector = new ClusterSelector
        {
            Providers = ReadList(node.Child("provider"), text => CloudProviderNames.TryParse(text, out var p) ? p : (CloudProvider?)null, CloudProviderNames.Expected),
            Jurisdictions = node.OptionalStringList("jurisdiction").Select(j => j.ToLowerInvariant()).ToList(),
            Regions = node.OptionalStringList("region"),
            Locations = node.OptionalStringList("location"),
            Clusters = node.OptionalStringList("cluster"),
        };
        if (selector.IsEmpty)
        {
            throw node.Error($"lists no clusters; give at least one of {string.Join(", ", SelectorFields)}");
        }

        return selector;
    }

    private static DataClassification? ParseClassification(string text) =>
        DataClassificationNames.TryParse(text, out var value) ? value : null;

    private static IReadOnlyList<T> ReadList<T>(YamlNodeReader? node, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (node is not { } list)
        {
            return [];
        }

        var values = new List<T>();
        var items = list.Node is YamlDotNet.RepresentationModel.YamlSequenceNode ? list.Items().ToList() : [list];
        foreach (var item in items)
        {
            var text = item.String();
            values.Add(parse(text) ?? throw item.Error($"unknown value '{text}'; expected {expected}"));
        }

        return values;
    }
}
