using System.Globalization;
using System.Text.RegularExpressions;

namespace Reference.Cli.Specs;

public sealed record SpecError(string Field, string Message);

// The checks the CLI makes before it sends anything: names the services accept, references between sections that
// resolve, and values in range. Each error names the field (as a path into the YAML) and what to write instead.
public static partial class SpecValidator
{
    public static readonly string[] FeatureTypes = ["int64", "float64", "string", "bool", "timestamp", "float64[]"];
    public static readonly string[] Classifications = ["public", "internal", "confidential", "restricted"];
    public static readonly string[] Algorithms = ["gbdt", "logistic", "linear"];
    private const string NameRule = "lower-case letters, digits and underscores, starting with a letter, at most 48 characters";

    public static IReadOnlyList<SpecError> Validate(UseCaseSpec spec)
    {
        var errors = new List<SpecError>();
        void Error(string field, string message) => errors.Add(new SpecError(field, message));

        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            Error("name", "Give the use case a name, such as `name: fraud`.");
        }
        else if (!UseCaseName().IsMatch(spec.Name))
        {
            Error("name", $"'{spec.Name}' is not a use-case name: use lower-case letters, digits and '-', starting with a letter.");
        }

        var entities = new HashSet<string>(StringComparer.Ordinal);
        if (spec.Entities.Count == 0)
        {
            Error("entities", "Declare at least one entity, such as `- {name: card, joinKeys: [card_id]}`.");
        }

        for (var i = 0; i < spec.Entities.Count; i++)
        {
            var entity = spec.Entities[i];
            CheckName($"entities[{i}].name", entity.Name, entities, "entity", Error);
            if (entity.JoinKeys.Count == 0)
            {
                Error($"entities[{i}].joinKeys", "Give the columns that identify the entity, such as `joinKeys: [card_id]`.");
            }
        }

        var views = new Dictionary<string, FeatureViewSpec>(StringComparer.Ordinal);
        if (spec.FeatureViews.Count == 0)
        {
            Error("featureViews", "Declare at least one feature view with its entities and features.");
        }

        for (var i = 0; i < spec.FeatureViews.Count; i++)
        {
            CheckView(spec.FeatureViews[i], $"featureViews[{i}]", entities, views, Error);
        }

        var services = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.FeatureServices.Count; i++)
        {
            var service = spec.FeatureServices[i];
            CheckName($"featureServices[{i}].name", service.Name, services, "feature service", Error);
            if (service.Features.Count == 0)
            {
                Error($"featureServices[{i}].features", "List the features it serves, as \"view:*\" or \"view:feature\".");
            }

            for (var j = 0; j < service.Features.Count; j++)
            {
                CheckFeatureReference($"featureServices[{i}].features[{j}]", service.Features[j], views, Error);
            }
        }

        if (spec.Training is { } training)
        {
            CheckTraining(training, views, services, Error);
        }

        if (spec.SampleData is { } sample)
        {
            if (string.IsNullOrWhiteSpace(sample.Generator))
            {
                Error("sampleData.generator", "Name the sample data generator, such as `generator: fraud`.");
            }

            if (sample.Rows is < 1)
            {
                Error("sampleData.rows", $"rows is {sample.Rows}; give a positive number of rows.");
            }
        }

        return errors;
    }

    private static void CheckView(FeatureViewSpec view, string path, HashSet<string> entities, Dictionary<string, FeatureViewSpec> views, Action<string, string> error)
    {
        var names = new HashSet<string>(views.Keys, StringComparer.Ordinal);
        if (CheckName($"{path}.name", view.Name, names, "feature view", error))
        {
            views[view.Name!] = view;
        }

        if (view.Entities.Count == 0)
        {
            error($"{path}.entities", "Give the entities the view is keyed by, such as `entities: [card]`.");
        }

        foreach (var entity in view.Entities.Where(e => !entities.Contains(e)))
        {
            error($"{path}.entities", $"Entity '{entity}' is not declared; add it under entities or use one of: {Known(entities)}.");
        }

        if (view.Ttl is { } ttl && !Duration().IsMatch(ttl))
        {
            error($"{path}.ttl", $"'{ttl}' is not a duration; write it as 7d, 24h, 30m or seconds.");
        }

        if (view.Classification is { } classification && !Classifications.Contains(classification))
        {
            error($"{path}.classification", $"'{classification}' is not a classification; use one of {string.Join(", ", Classifications)}.");
        }

        if (view.Features.Count == 0)
        {
            error($"{path}.features", "List the view's features, such as `- {name: txn_count_1h, type: int64}`.");
        }

        var features = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < view.Features.Count; j++)
        {
            var feature = view.Features[j];
            CheckName($"{path}.features[{j}].name", feature.Name, features, "feature", error);
            if (string.IsNullOrWhiteSpace(feature.Type))
            {
                error($"{path}.features[{j}].type", $"Give the feature's type, one of {string.Join(", ", FeatureTypes)}.");
            }
            else if (!FeatureTypes.Contains(feature.Type))
            {
                error($"{path}.features[{j}].type", $"'{feature.Type}' is not a feature type; use one of {string.Join(", ", FeatureTypes)}.");
            }
        }
    }

    private static void CheckFeatureReference(string path, string reference, Dictionary<string, FeatureViewSpec> views, Action<string, string> error)
    {
        var parts = reference.Split(':');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            error(path, $"'{reference}' is not a feature reference; write \"view:*\" or \"view:feature\".");
            return;
        }

        if (!views.TryGetValue(parts[0], out var view))
        {
            error(path, $"Feature view '{parts[0]}' is not declared under featureViews (declared: {Known(views.Keys)}).");
        }
        else if (parts[1] != "*" && view.Features.All(f => f.Name != parts[1]))
        {
            error(path, $"Feature view '{parts[0]}' has no feature '{parts[1]}' (it has: {Known(view.Features.Select(f => f.Name ?? ""))}).");
        }
    }

    private static void CheckTraining(TrainingSpec training, Dictionary<string, FeatureViewSpec> views, HashSet<string> services, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(training.Model))
        {
            error("training.model", "Name the model that training registers, such as `model: fraud-detector`.");
        }
        else if (!ModelName().IsMatch(training.Model))
        {
            error("training.model", $"'{training.Model}' is not a model name; use letters, digits, '-', '_' and '.', starting with a letter or digit.");
        }

        if (training.FeatureService is not { } service || !services.Contains(service))
        {
            error("training.featureService", $"Name one of the featureServices ({Known(services)}); got '{training.FeatureService}'.");
        }

        if (training.Labels?.FeatureView is not { } labelView || !views.TryGetValue(labelView, out var labels))
        {
            error("training.labels.featureView", $"Name the feature view that holds the labels, one of: {Known(views.Keys)}.");
        }
        else if (labels.Features.All(f => f.Name != training.Labels.Column))
        {
            error("training.labels.column", $"Feature view '{labelView}' has no column '{training.Labels.Column}' (it has: {Known(labels.Features.Select(f => f.Name ?? ""))}).");
        }

        if (string.IsNullOrWhiteSpace(training.EntitySet))
        {
            error("training.entitySet", "Name the entity set of label events to train on, such as `entitySet: fraud_training_events`.");
        }

        if (training.Algorithm is { } algorithm && !Algorithms.Contains(algorithm))
        {
            error("training.algorithm", $"'{algorithm}' is not an algorithm; use one of {string.Join(", ", Algorithms)}.");
        }

        if (training.Validation?.Fraction is { } fraction and (<= 0 or >= 1))
        {
            error("training.validation.fraction", $"fraction is {fraction.ToString(CultureInfo.InvariantCulture)}; give a share between 0 and 1 (exclusive), such as 0.2.");
        }

        if (training.Gates is { } gates && string.IsNullOrWhiteSpace(gates.Metric))
        {
            error("training.gates.metric", "Name the metric the gates check, such as `metric: auc`.");
        }
    }

    private static bool CheckName(string path, string? name, HashSet<string> seen, string what, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            error(path, $"Give the {what} a name ({NameRule}).");
            return false;
        }

        if (!DefinitionName().IsMatch(name))
        {
            error(path, $"'{name}' is not a valid {what} name: use {NameRule}.");
            return false;
        }

        if (!seen.Add(name))
        {
            error(path, $"There are two {what}s named '{name}'; rename one.");
            return false;
        }

        return true;
    }

    private static string Known(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none yet";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,47}$")]
    private static partial Regex DefinitionName();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex UseCaseName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelName();

    [GeneratedRegex("^[0-9]+[smhd]?$")]
    private static partial Regex Duration();
}
