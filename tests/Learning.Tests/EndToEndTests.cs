using System.Globalization;
using System.Text;
using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Models;
using Reference.Learning.Profiles;
using Reference.Learning.Trainers;

namespace Reference.Learning.Tests;

public class EndToEndTests
{
    /// <summary>Rows as the feature store's historical retrieval streams them: entity key, event time, features, label.</summary>
    private static MemoryStream RetrievalStream(int rows)
    {
        var random = new SeededRandom(77);
        var text = new StringBuilder();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string[] channels = ["web", "app", "pos"];
        for (var i = 0; i < rows; i++)
        {
            var amount = Math.Round(random.NextDouble() * 500, 2);
            var count = random.NextInt(20);
            var channel = channels[random.NextInt(3)];
            var z = -3 + (amount / 100) + (channel == "web" ? 1 : 0) - (0.05 * count);
            var fraud = random.NextDouble() < Synthetic.Sigmoid(z);
            var amountJson = random.NextDouble() < 0.05 ? "null" : amount.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture,
                $$"""{"card_id":"c{{random.NextInt(300)}}","event_timestamp":"{{start.AddMinutes(i):O}}","amount_avg_24h":{{amountJson}},"txn_count_1h":{{count}},"channel":"{{channel}}","is_fraud":{{(fraud ? "true" : "false")}}}""");
            text.Append('\n');
        }
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Fact]
    public async Task From_a_retrieval_stream_to_a_scored_registered_artifact_and_profile()
    {
        var builder = new TabularDataBuilder().DeclareColumn("event_timestamp", ColumnType.Timestamp);
        await NdjsonRowReader.ReadAsync(RetrievalStream(6_000), builder);
        var table = builder.Build();

        var split = RowSplit.ByTime(table, "event_timestamp", 0.2);
        string[] features = ["amount_avg_24h", "txn_count_1h", "channel"];
        var train = table.SelectRows(split.Train).ToTrainingSet("is_fraud", features);
        var validation = table.SelectRows(split.Validation).ToTrainingSet("is_fraud", features);
        Assert.All(split.Validation, row => Assert.True(row >= split.Train.Max())); // event times increase with the row here

        Assert.True(TrainerCatalog.TryCreate("gbdt", new Dictionary<string, object?> { ["trees"] = "200", ["maxDepth"] = "3", ["learningRate"] = "0.1" },
            out var trainer, out var errors), string.Join(" ", errors.Select(e => e.Message)));
        var result = trainer.Train(train, validation);

        var probabilities = Synthetic.Scores(result.Model, validation.Features);
        var metrics = BinaryClassificationMetrics.Compute(validation.Labels.Span, probabilities);
        Assert.True(metrics.Auc > 0.75, $"AUC {metrics.Auc:F3}");
        Assert.InRange(metrics.ExpectedCalibrationError, 0, 0.1);

        var loaded = ModelArtifact.Deserialize(ModelArtifact.Serialize(result.Model));
        Assert.Equal(["amount_avg_24h", "txn_count_1h", "channel"], loaded.Signature.Inputs.Select(i => i.Name));
        Assert.Equal(ColumnType.Int64, loaded.Signature.Inputs[1].Type);
        var row = new[] { 420.0, 1, loaded.Signature.Inputs[2].EncodeCategory("web") };
        Assert.True(loaded.Score(row) > loaded.Score([20.0, 15, loaded.Signature.Inputs[2].EncodeCategory("pos")]));

        var profile = DataProfile.FromJson(DataProfiler.Profile(train.Features).ToJson());
        Assert.InRange(profile["amount_avg_24h"].NullRate, 0.03, 0.07);
        Assert.InRange(PopulationStabilityIndex.Compute(profile["amount_avg_24h"], validation.Features.Column(0)), 0, 0.05);
    }
}
