using System.Buffers.Binary;
using System.Text;
using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers.Gbdt;
using Reference.Learning.Trainers.Linear;
using Reference.Learning.Trainers.Logistic;

namespace Reference.Learning.Tests.Models;

public class ModelArtifactTests
{
    private static readonly (TrainingSet Train, TrainingSet Test) Data = (Synthetic.Interaction(3_000, seed: 51).Set, Synthetic.Interaction(500, seed: 52).Set);

    public static TheoryData<string> Algorithms => ["gbdt", "logistic", "linear"];

    private static Model Train(string algorithm) => algorithm switch
    {
        "gbdt" => new GbdtTrainer(new GbdtOptions { Trees = 30, MaxDepth = 4 }).Train(Data.Train).Model,
        "logistic" => new LogisticRegressionTrainer().Train(Data.Train).Model,
        _ => new LinearRegressionTrainer().Train(Data.Train).Model,
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Save_load_score_gives_identical_scores_and_identical_bytes(string algorithm)
    {
        var model = Train(algorithm);
        var artifact = ModelArtifact.Serialize(model);
        var loaded = ModelArtifact.Read(new MemoryStream(artifact));

        Assert.Equal(algorithm, loaded.Algorithm);
        Assert.Equal(model.Task, loaded.Task);
        Assert.Equal(model.Signature.Inputs, loaded.Signature.Inputs.Select((input, i) => input with { Vocabulary = model.Signature.Inputs[i].Vocabulary }));
        Assert.Equal(model.Hyperparameters, loaded.Hyperparameters);
        Assert.Equal(artifact, ModelArtifact.Serialize(loaded));

        var test = Data.Test.Features;
        var rowMajor = new double[test.RowCount * test.ColumnCount];
        for (var r = 0; r < test.RowCount; r++)
        {
            test.CopyRow(r, rowMajor.AsSpan(r * test.ColumnCount));
        }
        var batch = new double[test.RowCount];
        loaded.ScoreBatch(rowMajor, batch);
        var columnBatch = Synthetic.Scores(loaded, test);
        for (var r = 0; r < test.RowCount; r++)
        {
            var row = Synthetic.Row(test, r);
            var score = model.Score(row);
            Assert.Equal(score, loaded.Score(row));   // bit-identical after the round trip
            Assert.Equal(score, batch[r]);            // row-major batch follows the single-row path exactly
            Assert.Equal(score, columnBatch[r], 12);  // column-major batch sums in another order
        }
    }

    [Fact]
    public void Scoring_one_row_allocates_nothing()
    {
        var gbdt = Train("gbdt");
        var logistic = Train("logistic");
        var row = Synthetic.Row(Data.Test.Features, 0);
        var sum = gbdt.Score(row) + logistic.Score(row);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            sum += gbdt.Score(row) + logistic.Score(row);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void The_header_is_self_describing_json()
    {
        var header = ModelArtifact.ReadHeaderJson(ModelArtifact.Serialize(Train("gbdt")));
        Assert.Contains("\"format\": \"reference.learning.model\"", header);
        Assert.Contains("\"algorithm\": \"gbdt\"", header);
        Assert.Contains("\"policy\": \"learnedDirection\"", header);
        Assert.Contains("\"name\": \"splitThreshold\"", header);
    }

    [Fact]
    public void An_unknown_format_version_is_rejected_with_a_clear_message()
    {
        var artifact = ModelArtifact.Serialize(Train("logistic"));
        BinaryPrimitives.WriteUInt32LittleEndian(artifact.AsSpan(8), 99);
        var error = Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize(artifact));
        Assert.Equal(ModelFormatError.UnsupportedVersion, error.Error);
        Assert.Equal("Model format version 99 is not supported: this build reads version 1. Load it with a newer build of Reference.Learning.", error.Message);
    }

    [Fact]
    public void Truncated_artifacts_are_rejected_wherever_they_are_cut()
    {
        var artifact = ModelArtifact.Serialize(Train("gbdt"));
        var headerEnd = 24 + BinaryPrimitives.ReadInt32LittleEndian(artifact.AsSpan(12));
        foreach (var length in new[] { 0, 5, 20, headerEnd - 1, headerEnd + 9, artifact.Length - 40, artifact.Length - 1 })
        {
            var error = Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize(artifact.AsSpan(0, length)));
            Assert.Equal(ModelFormatError.Truncated, error.Error);
            Assert.StartsWith("The model artifact is truncated", error.Message);
        }
    }

    [Fact]
    public void Corrupted_and_foreign_bytes_are_rejected()
    {
        var artifact = ModelArtifact.Serialize(Train("linear"));
        var flipped = (byte[])artifact.Clone();
        flipped[^40] ^= 0x10; // inside the weights
        var corrupt = Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize(flipped));
        Assert.Equal(ModelFormatError.Corrupt, corrupt.Error);
        Assert.Contains("checksum", corrupt.Message);

        var header = (byte[])artifact.Clone();
        header[40] ^= 0x01; // inside the JSON header: still parses, but the checksum catches it
        Assert.Equal(ModelFormatError.Corrupt, Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize(header)).Error);

        var trailing = Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize([.. artifact, 0, 0]));
        Assert.Equal(ModelFormatError.Corrupt, trailing.Error);
        Assert.Contains("2 unexpected bytes", trailing.Message);

        var foreign = Assert.Throws<ModelFormatException>(() => ModelArtifact.Deserialize(Encoding.UTF8.GetBytes("{\"weights\": [1, 2]}")));
        Assert.Equal(ModelFormatError.NotAnArtifact, foreign.Error);
    }

    [Fact]
    public void Required_inputs_reject_missing_values_and_survive_the_round_trip()
    {
        var model = ModelArtifact.Deserialize(ModelArtifact.Serialize(Train("logistic").WithRequiredInputs("f1")));
        Assert.Equal(MissingValueHandling.Required, model.Signature.Inputs[1].Missing.Handling);
        var error = Assert.Throws<ArgumentException>(() => model.Score([0.1, double.NaN, 0.2, 0.3]));
        Assert.Contains("'f1' is required", error.Message);
        Assert.True(double.IsFinite(model.Score([double.NaN, 0.1, 0.2, 0.3]))); // f0 still imputes
    }

    [Fact]
    public void Categorical_vocabularies_travel_in_the_signature()
    {
        var vocabulary = new CategoryVocabulary(["red", "green"]);
        var set = new TrainingSet(
            FeatureMatrix.FromColumns([new double[] { 0, 1, 0, 1, 0, 1 }, new double[] { 1, 2, 3, 4, 5, 6 }],
                [FeatureInfo.Categorical("colour", vocabulary), FeatureInfo.Numeric("size")]),
            new double[] { 0, 1, 0, 1, 1, 1 });
        var loaded = ModelArtifact.Deserialize(ModelArtifact.Serialize(new LogisticRegressionTrainer().Train(set).Model));
        var colour = loaded.Signature.Inputs[0];
        Assert.Equal(["red", "green"], colour.Vocabulary!.Categories);
        Assert.Equal(1, colour.EncodeCategory("green"));
        Assert.True(double.IsNaN(colour.EncodeCategory("blue")));
    }
}
