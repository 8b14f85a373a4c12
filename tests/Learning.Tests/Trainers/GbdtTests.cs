using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.Learning.Trainers.Gbdt;
using Reference.Learning.Trainers.Linear;
using Reference.Learning.Trainers.Logistic;
using Xunit.Abstractions;

namespace Reference.Learning.Tests.Trainers;

public class GbdtTests(ITestOutputHelper output)
{
    [Fact]
    public void Reaches_the_bayes_optimal_auc_on_an_interaction_that_logistic_regression_cannot_fit()
    {
        var (train, _) = Synthetic.Interaction(20_000, seed: 1);
        var (validation, _) = Synthetic.Interaction(5_000, seed: 2);
        var (test, truth) = Synthetic.Interaction(20_000, seed: 3);

        var gbdt = new GbdtTrainer(new GbdtOptions { Trees = 300, MaxDepth = 4, LearningRate = 0.1, EarlyStoppingRounds = 30 })
            .Train(train, validation);
        var logistic = new LogisticRegressionTrainer().Train(train);

        var labels = test.Labels.Span;
        var bayes = RocAuc.Compute(labels, truth); // the best any model can do on these labels
        var gbdtAuc = RocAuc.Compute(labels, Synthetic.Scores(gbdt.Model, test.Features));
        var logisticAuc = RocAuc.Compute(labels, Synthetic.Scores(logistic.Model, test.Features));
        output.WriteLine($"bayes {bayes:F4} gbdt {gbdtAuc:F4} ({gbdt.Summary.BestIteration} trees) logistic {logisticAuc:F4}");

        Assert.True(gbdtAuc > bayes - 0.01, $"GBDT AUC {gbdtAuc:F4} is not within 0.01 of the Bayes AUC {bayes:F4}");
        Assert.True(logisticAuc < bayes - 0.2, $"logistic regression AUC {logisticAuc:F4} should be far below {bayes:F4}");
    }

    [Fact]
    public void Regression_on_a_nonlinear_function_beats_ridge()
    {
        var train = Synthetic.NonlinearRegression(10_000, seed: 4);
        var validation = Synthetic.NonlinearRegression(2_000, seed: 5);
        var test = Synthetic.NonlinearRegression(10_000, seed: 6);

        var gbdt = new GbdtTrainer(new GbdtOptions { Objective = GbdtObjective.Regression, Trees = 400, MaxDepth = 4, EarlyStoppingRounds = 30 })
            .Train(train, validation);
        var ridge = new LinearRegressionTrainer().Train(train);
        Assert.Equal(ModelTask.Regression, gbdt.Model.Task);

        var gbdtRmse = RegressionMetrics.RootMeanSquaredError(test.Labels.Span, Synthetic.Scores(gbdt.Model, test.Features));
        var ridgeRmse = RegressionMetrics.RootMeanSquaredError(test.Labels.Span, Synthetic.Scores(ridge.Model, test.Features));
        output.WriteLine($"gbdt rmse {gbdtRmse:F4} ridge rmse {ridgeRmse:F4} noise 0.3");

        Assert.True(gbdtRmse < 0.36, $"GBDT RMSE {gbdtRmse:F4} should approach the noise level 0.3");
        Assert.True(gbdtRmse < 0.6 * ridgeRmse, $"GBDT RMSE {gbdtRmse:F4} should be well below ridge's {ridgeRmse:F4}");
    }

    [Fact]
    public void Missing_values_follow_a_learned_default_direction()
    {
        // Where x is missing the positive rate is 90%; elsewhere it rises with x from ~12% to ~88%.
        var random = new SeededRandom(8);
        const int rows = 6_000;
        var x = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var missing = random.NextDouble() < 0.3;
            x[i] = missing ? double.NaN : (2 * random.NextDouble()) - 1;
            var p = missing ? 0.9 : Synthetic.Sigmoid(2 * x[i]);
            y[i] = random.NextDouble() < p ? 1 : 0;
        }
        var model = new GbdtTrainer(new GbdtOptions { Trees = 50, MaxDepth = 3 }).Train(new TrainingSet(FeatureMatrix.FromColumns([x]), y)).Model;

        Assert.Equal(MissingValueHandling.LearnedDirection, model.Signature.Inputs[0].Missing.Handling);
        Assert.InRange(model.Score([double.NaN]), 0.85, 0.95);
        Assert.True(model.Score([-0.9]) < 0.3);
    }

    [Fact]
    public void Leaf_wise_growth_with_subsampling_also_learns_the_interaction()
    {
        var (train, _) = Synthetic.Interaction(10_000, seed: 10);
        var (test, truth) = Synthetic.Interaction(5_000, seed: 11);
        var options = new GbdtOptions
        {
            Growth = TreeGrowth.LeafWise, MaxLeaves = 16, MaxDepth = 8, Trees = 150,
            RowSubsample = 0.7, FeatureSubsample = 0.75, MaxBins = 64, MinChildWeight = 2, Seed = 5,
        };
        var model = new GbdtTrainer(options).Train(train).Model;
        var auc = RocAuc.Compute(test.Labels.Span, Synthetic.Scores(model, test.Features));
        Assert.True(auc > RocAuc.Compute(test.Labels.Span, truth) - 0.03, $"AUC {auc:F4}");
        Assert.True(((GradientBoostedTreesModel)model).LeafCount <= 150 * 16);
    }
}
