using System.Text.Json;
using Reference.Learning.Trainers;
using Reference.Learning.Trainers.Gbdt;
using Reference.Learning.Trainers.Hyperparameters;
using Reference.Learning.Trainers.Logistic;

namespace Reference.Learning.Tests.Trainers;

public class HyperparameterTests
{
    [Fact]
    public void Parses_the_use_case_spec_hyperparameters_from_yaml_strings_or_json_numbers()
    {
        // YAML scalars often arrive as strings; JSON bodies as JsonElement numbers.
        var fromYaml = GbdtOptions.Parse(new Dictionary<string, object?> { ["trees"] = "200", ["maxDepth"] = "6", ["learningRate"] = "0.1" });
        using var json = JsonDocument.Parse("""{"trees": 200, "maxDepth": 6, "learningRate": 0.1, "growth": "leafWise"}""");
        var fromJson = GbdtOptions.Parse(json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value));

        Assert.True(fromYaml.IsValid);
        Assert.Equal(new GbdtOptions { Trees = 200, MaxDepth = 6, LearningRate = 0.1 }, fromYaml.Options);
        Assert.True(fromJson.IsValid);
        Assert.Equal(TreeGrowth.LeafWise, fromJson.Options.Growth);
        Assert.Equal(200, fromJson.Options.Trees);
    }

    [Fact]
    public void Invalid_values_get_one_error_per_field_with_name_value_and_allowed_range()
    {
        var result = GbdtOptions.Parse(new Dictionary<string, object?>
        {
            ["trees"] = 0,
            ["learningRate"] = 2.0,
            ["maxDepth"] = "six",
            ["growth"] = "sideways",
            ["treez"] = 10,
        });

        Assert.False(result.IsValid);
        Assert.Null(result.Options);
        var byName = result.Errors.ToDictionary(e => e.Name);
        Assert.Equal(["trees", "learningRate", "maxDepth", "growth", "treez"], result.Errors.Select(e => e.Name));
        Assert.Equal("0", byName["trees"].Value);
        Assert.Equal("an integer in [1, 100000]", byName["trees"].Allowed);
        Assert.Equal("trees must be an integer in [1, 100000]; got '0'.", byName["trees"].Message);
        Assert.Equal("a number in (0, 1]", byName["learningRate"].Allowed);
        Assert.Equal("six", byName["maxDepth"].Value);
        Assert.Equal("one of: depthWise, leafWise", byName["growth"].Allowed);
        Assert.Contains("not a hyperparameter of gbdt", byName["treez"].Message);
        Assert.Contains("trees", byName["treez"].Allowed);
    }

    [Fact]
    public void Cross_field_rules_and_constructor_validation_report_the_same_errors()
    {
        var parsed = GbdtOptions.Parse(new Dictionary<string, object?> { ["maxLeaves"] = 1 });
        var error = Assert.Single(parsed.Errors);
        Assert.Equal("maxLeaves", error.Name);

        var thrown = Assert.Throws<HyperparameterValidationException>(() => new GbdtTrainer(new GbdtOptions { Trees = -5, RowSubsample = 0 }));
        Assert.Equal(["trees", "rowSubsample"], thrown.Errors.Select(e => e.Name));
        Assert.Throws<HyperparameterValidationException>(() => new LogisticRegressionTrainer(new LogisticRegressionOptions { L2 = -1 }));
    }

    [Fact]
    public void The_catalog_creates_trainers_by_spec_name_and_rejects_unknown_algorithms()
    {
        Assert.True(TrainerCatalog.TryCreate("gbdt", new Dictionary<string, object?> { ["trees"] = 200 }, out var trainer, out _));
        Assert.Equal(200, Assert.IsType<GbdtTrainer>(trainer).Options.Trees);
        Assert.True(TrainerCatalog.TryCreate("logistic", null, out trainer, out _));
        Assert.Equal("logistic", trainer.Algorithm);

        Assert.False(TrainerCatalog.TryCreate("svm", null, out _, out var errors));
        Assert.Equal("algorithm", Assert.Single(errors).Name);
        Assert.Equal("l2", Assert.Single(TrainerCatalog.Validate("linear", new Dictionary<string, object?> { ["l2"] = -3 })).Name);
        Assert.Contains(TrainerCatalog.Describe("gbdt"), d => d.Name == "earlyStoppingRounds" && d.DefaultValue.Equals(20L));
    }
}
