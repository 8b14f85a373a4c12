using Reference.Learning.Data;
using Reference.Learning.Models;
using Reference.Learning.Trainers.Linear;

namespace Reference.Learning.Tests.Trainers;

public class LinearRegressionTests
{
    [Fact]
    public void Recovers_the_generating_coefficients_including_per_category_effects()
    {
        // y = 2 + 3·x0 − 1·x1 + 0.5·x2 + {a: 0, b: 1.5, c: −1} + N(0, 0.1²), inputs on different scales.
        var random = new SeededRandom(21);
        const int rows = 5_000;
        var vocabulary = new CategoryVocabulary(["a", "b", "c"]);
        double[] effects = [0, 1.5, -1];
        var x0 = new double[rows];
        var x1 = new double[rows];
        var x2 = new double[rows];
        var c = new double[rows];
        var y = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            x0[i] = random.NextGaussian();
            x1[i] = 10 + (3 * random.NextGaussian());
            x2[i] = 100 * random.NextDouble();
            c[i] = random.NextInt(3);
            y[i] = 2 + (3 * x0[i]) - x1[i] + (0.5 * x2[i]) + effects[(int)c[i]] + (0.1 * random.NextGaussian());
        }
        var set = new TrainingSet(
            FeatureMatrix.FromColumns([x0, x1, x2, c],
                [FeatureInfo.Numeric("x0"), FeatureInfo.Numeric("x1"), FeatureInfo.Numeric("x2"), FeatureInfo.Categorical("c", vocabulary)]),
            y);

        var model = Assert.IsType<LinearModel>(new LinearRegressionTrainer(new LinearRegressionOptions { L2 = 1e-9 }).Train(set).Model);

        // The OLS standard error of a slope is about σ / (√n · sd(x)) = 0.1 / (70.7 · sd): at most
        // 0.0014 here (x0), so 0.01 is about 7 standard errors for the slopes and ample for the rest.
        Assert.Equal(3, model.InputWeights[0], 0.01);
        Assert.Equal(-1, model.InputWeights[1], 0.01);
        Assert.Equal(0.5, model.InputWeights[2], 0.01);
        Assert.Equal(1.5, model.CategoryWeight("c", "b") - model.CategoryWeight("c", "a"), 0.01);
        Assert.Equal(-1, model.CategoryWeight("c", "c") - model.CategoryWeight("c", "a"), 0.01);
        Assert.Equal(2, model.Intercept + model.CategoryWeight("c", "a"), 0.02);
        Assert.Equal(0, model.InputWeights[3]); // the categorical input's weights are per category
    }

    [Fact]
    public void A_larger_penalty_shrinks_the_coefficients()
    {
        var set = Synthetic.NonlinearRegression(2_000, seed: 2);
        var loose = (LinearModel)new LinearRegressionTrainer(new() { L2 = 1e-6 }).Train(set).Model;
        var tight = (LinearModel)new LinearRegressionTrainer(new() { L2 = 10 }).Train(set).Model;
        Assert.True(Math.Abs(tight.InputWeights[2]) < Math.Abs(loose.InputWeights[2]) / 5);
    }
}
