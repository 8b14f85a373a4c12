using Reference.Cli;
using Reference.Cli.Specs;

namespace Reference.Cli.Tests;

/// <summary>usecase.yaml as the CLI reads it: the shipped specs are valid; a broken one names the field and the fix.</summary>
public class SpecReaderTests
{
    private const string Valid = """
        name: fraud
        owner: risk-team
        residency: eu
        entities:
          - {name: card, joinKeys: [card_id]}
        featureViews:
          - name: card_txn_stats
            entities: [card]
            ttl: 7d
            classification: confidential
            features:
              - {name: txn_count_1h, type: int64}
              - {name: amount_avg_24h, type: float64}
          - name: fraud_labels
            entities: [card]
            features:
              - {name: is_fraud, type: bool}
        featureServices:
          - {name: fraud_v1, features: ["card_txn_stats:*"]}
        training:
          model: fraud-detector
          featureService: fraud_v1
          labels: {featureView: fraud_labels, column: is_fraud}
          entitySet: fraud_training_events
          algorithm: gbdt
          hyperparameters: {trees: 200, maxDepth: 6, learningRate: 0.1}
          validation: {split: time, fraction: 0.2}
          gates: {metric: auc, min: 0.80, maxRegression: 0.01}
        sampleData: {generator: fraud, rows: 200000, seed: 42}
        """;

    [Fact]
    public void The_shipped_fraud_spec_is_read_with_its_views_training_and_sample()
    {
        var spec = SpecReader.Load("fraud");

        Assert.Equal("fraud", spec.Name);
        Assert.Equal(["card_txn_stats", "fraud_labels"], spec.FeatureViews.Select(v => v.Name));
        Assert.Equal("fraud-detector", spec.Training!.Model);
        Assert.Equal("200", spec.Training.Hyperparameters["trees"]);
        Assert.Equal(0.80, spec.Training.Gates!.Min);
        Assert.Equal("fraud", spec.SampleData!.Generator);
    }

    [Fact]
    public void Fields_other_readers_add_to_the_spec_are_ignored()
    {
        var spec = SpecReader.Parse(Valid + "\nplacement: {clusters: [eu-west]}\nserving: {model: fraud-detector, alias: champion, latencySloMs: 20}\n");

        Assert.Equal("champion", spec.Serving!.Alias);
    }

    [Theory]
    [InlineData("type: int64}", "type: integer}", "featureViews[0].features[0].type: 'integer' is not a feature type; use one of int64, float64, string, bool, timestamp, float64[].")]
    [InlineData("entities: [card]\n    ttl", "entities: [account]\n    ttl", "featureViews[0].entities: Entity 'account' is not declared; add it under entities or use one of: card.")]
    [InlineData("\"card_txn_stats:*\"", "\"card_stats:*\"", "featureServices[0].features[0]: Feature view 'card_stats' is not declared under featureViews (declared: card_txn_stats, fraud_labels).")]
    [InlineData("column: is_fraud", "column: fraud", "training.labels.column: Feature view 'fraud_labels' has no column 'fraud' (it has: is_fraud).")]
    [InlineData("algorithm: gbdt", "algorithm: forest", "training.algorithm: 'forest' is not an algorithm; use one of gbdt, logistic, linear.")]
    [InlineData("fraction: 0.2", "fraction: 1.5", "training.validation.fraction: fraction is 1.5; give a share between 0 and 1 (exclusive), such as 0.2.")]
    [InlineData("ttl: 7d", "ttl: a week", "featureViews[0].ttl: 'a week' is not a duration; write it as 7d, 24h, 30m or seconds.")]
    [InlineData("name: fraud\n", "name: Fraud Team\n", "name: 'Fraud Team' is not a use-case name: use lower-case letters, digits and '-', starting with a letter.")]
    [InlineData("rows: 200000", "rows: 0", "sampleData.rows: rows is 0; give a positive number of rows.")]
    public void An_invalid_field_is_named_with_what_to_write_instead(string find, string replace, string expected)
    {
        Assert.Contains(find, Valid);
        var error = Assert.Throws<CliException>(() => SpecReader.Parse(Valid.Replace(find, replace, StringComparison.Ordinal), "usecase.yaml"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("usecase.yaml is not a valid use-case spec:", error.Message);
        Assert.Contains("  " + expected, error.Message);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var error = Assert.Throws<CliException>(() => SpecReader.Parse("name: x\nentities: []\nfeatureViews: []\n"));

        Assert.Contains("entities: Declare at least one entity", error.Message);
        Assert.Contains("featureViews: Declare at least one feature view", error.Message);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var error = Assert.Throws<CliException>(() => SpecReader.Parse("name: fraud\nentities: {name: card}\n", "spec.yaml"));

        Assert.StartsWith("spec.yaml line 2, column 11:", error.Message);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Fact]
    public void An_unknown_use_case_lists_the_shipped_ones()
    {
        var error = Assert.Throws<CliException>(() => SpecReader.Load("frud"));

        Assert.Contains("There is no use-case spec 'frud'", error.Message);
        Assert.Contains("fraud", error.Message);
    }
}
