extern alias registry;

using System.Text.Json;
using Reference.ModelRegistry.Client;
using AliasEnvironment = registry::Reference.ModelRegistry.Aliases.AliasEnvironment;
using AliasName = registry::Reference.ModelRegistry.Aliases.AliasName;
using GateEvaluator = registry::Reference.ModelRegistry.Promotions.GateEvaluator;
using MlflowSearchFilter = registry::Reference.ModelRegistry.Mlflow.MlflowSearchFilter;
using ModelName = registry::Reference.ModelRegistry.Models.ModelName;
using ValidationErrors = Reference.ServiceDefaults.ValidationErrors;

namespace Reference.ModelRegistry.Tests;

public sealed class DomainRulesTests
{
    [Theory]
    [InlineData(null, "production")]
    [InlineData("staging", "staging")]
    [InlineData("eu-prod-2", "eu-prod-2")]
    [InlineData("Prod", null)]
    [InlineData("../x", null)]
    [InlineData("2025", null)]
    [InlineData("", null)]
    public void Requests_without_an_environment_address_production_and_names_are_lower_case_words(string? requested, string? resolved)
    {
        var errors = new ValidationErrors();
        Assert.Equal(resolved, AliasEnvironment.Resolve(requested, errors));
        Assert.Equal(resolved is null, !errors.IsEmpty);
    }

    [Fact]
    public void A_protected_alias_is_protected_everywhere_unless_its_rule_lists_environments()
    {
        Assert.True(AliasEnvironment.IsProtected(new ProtectedAlias("champion"), "dev"));
        var productionOnly = new ProtectedAlias("champion", Environments: ["production"]);
        Assert.True(AliasEnvironment.IsProtected(productionOnly, "production"));
        Assert.False(AliasEnvironment.IsProtected(productionOnly, "dev"));
        Assert.False(AliasEnvironment.IsProtected(null, "production"));
    }

    [Theory]
    [InlineData("fraud-detector", true)]
    [InlineData("fraud_detector.v2", true)]
    [InlineData("F", true)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("a..b", false)]
    [InlineData("a-", false)]
    [InlineData("-a", false)]
    [InlineData("1abc", false)]
    [InlineData("", false)]
    [InlineData("é", false)]
    public void Model_names_are_resource_like_and_never_path_like(string name, bool valid) => Assert.Equal(valid, ModelName.Problem(name) is null);

    [Fact]
    public void Model_names_have_at_most_64_characters()
    {
        Assert.Null(ModelName.Problem(new string('a', 64)));
        Assert.NotNull(ModelName.Problem(new string('a', 65)));
    }

    [Theory]
    [InlineData("champion", true)]
    [InlineData("challenger_2", true)]
    [InlineData("blue-green", true)]
    [InlineData("v", true)]
    [InlineData("v1a", true)]
    [InlineData("latest", false)]
    [InlineData("LATEST", false)]
    [InlineData("v1", false)]
    [InlineData("V42", false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    public void Alias_names_follow_MLflow(string alias, bool valid) => Assert.Equal(valid, AliasName.Problem(alias) is null);

    [Fact]
    public void Gates_check_thresholds_regression_against_the_holder_and_residency()
    {
        var rule = new ProtectedAlias("champion", 1, [new MetricGate("auc", Min: 0.8, MaxRegression: 0.01), new MetricGate("latency_ms", Max: 20, HigherIsBetter: false, MaxRegression: 2)], ["eu"]);
        var holder = Version(1, new() { ["auc"] = 0.90, ["latency_ms"] = 10 }, "eu");

        Assert.All(GateEvaluator.Evaluate(rule, Version(2, new() { ["auc"] = 0.895, ["latency_ms"] = 11.5 }, "eu"), holder), g => Assert.True(g.Passed, g.Gate));
        Assert.Contains(GateEvaluator.Evaluate(rule, Version(2, new() { ["auc"] = 0.88, ["latency_ms"] = 10 }, "eu"), holder), g => !g.Passed && g.Gate.StartsWith("auc not worse"));
        Assert.Contains(GateEvaluator.Evaluate(rule, Version(2, new() { ["auc"] = 0.95, ["latency_ms"] = 13 }, "eu"), holder), g => !g.Passed && g.Gate.StartsWith("latency_ms not worse"));
        Assert.Contains(GateEvaluator.Evaluate(rule, Version(2, new() { ["auc"] = 0.79, ["latency_ms"] = 5 }, "eu"), null), g => !g.Passed && g.Gate == "auc >= 0.8");
        Assert.Contains(GateEvaluator.Evaluate(rule, Version(2, new() { ["auc"] = 0.95, ["latency_ms"] = 5 }, "us"), holder), g => !g.Passed && g.Gate.StartsWith("residency"));
        Assert.Contains(GateEvaluator.Evaluate(rule, Version(2, new() { ["latency_ms"] = 5 }, "eu"), holder), g => !g.Passed && g.Gate == "auc present");
    }

    [Fact]
    public void MLflow_filters_map_to_prefix_and_tag_search()
    {
        Assert.True(MlflowSearchFilter.TryParse("name LIKE 'fraud%' AND tags.team = 'risk' and tags.`cost center` = 'it''s'", out var filter, out _));
        Assert.Equal("fraud", filter!.NamePrefix);
        Assert.Equal("risk", filter.Tags["team"]);
        Assert.Equal("it's", filter.Tags["cost center"]);
        Assert.True(MlflowSearchFilter.TryParse("name = 'x'", out var exact, out _));
        Assert.Equal("x", exact!.ExactName);
        Assert.False(MlflowSearchFilter.TryParse("name LIKE '%fraud'", out _, out _));
        Assert.False(MlflowSearchFilter.TryParse("run_id = 'x'", out _, out var problem));
        Assert.Contains("Unsupported", problem);
    }

    private static ModelVersion Version(int number, Dictionary<string, double> metrics, string residency) => new(
        "m", number, null, new Dictionary<string, string>(), null, null, new Dictionary<string, JsonElement>(), metrics, null,
        new ModelLineage(Residency: residency), new ArtifactInfo(new string('0', 64), 1), [], DateTimeOffset.UnixEpoch, "t");
}
