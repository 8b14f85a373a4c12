using Reference.Learning.Models;
using Reference.Learning.Trainers;
using Reference.Learning.Trainers.Gbdt;
using Reference.Learning.Trainers.Linear;
using Reference.Learning.Trainers.Logistic;

namespace Reference.Learning.Tests.Trainers;

public class TrainingControlTests
{
    [Fact]
    public void Early_stopping_stops_when_validation_stops_improving_and_keeps_the_best_trees()
    {
        // Deep trees and a high learning rate on 2 000 rows overfit within a few dozen rounds.
        var (train, _) = Synthetic.Interaction(2_000, seed: 31);
        var (validation, _) = Synthetic.Interaction(2_000, seed: 32);
        var options = new GbdtOptions { Trees = 1_000, MaxDepth = 8, LearningRate = 0.5, MinChildWeight = 0.1, EarlyStoppingRounds = 10 };

        var result = new GbdtTrainer(options).Train(train, validation);
        var model = (GradientBoostedTreesModel)result.Model;

        Assert.True(result.Summary.StoppedEarly);
        Assert.True(result.Summary.Iterations < 1_000);
        Assert.Equal(result.Summary.BestIteration + 10, result.Summary.Iterations);
        Assert.Equal(result.Summary.BestIteration, model.TreeCount);
        Assert.Equal(result.ValidationHistory.Min(), result.Summary.ValidationMetric);
    }

    [Fact]
    public void Cancellation_stops_training_between_iterations()
    {
        var (train, _) = Synthetic.Interaction(3_000, seed: 33);
        using var cancellation = new CancellationTokenSource();
        var lastIteration = 0;
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            lastIteration = p.Iteration;
            if (p.Stage == TrainingStage.Iterating && p.Iteration == 3)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new GbdtTrainer(new GbdtOptions { Trees = 500 }).Train(train, progress: progress, cancellationToken: cancellation.Token));
        Assert.Equal(3, lastIteration);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new LogisticRegressionTrainer().Train(train, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Progress_reports_stage_iteration_total_and_validation_metric()
    {
        var (train, _) = Synthetic.Interaction(2_000, seed: 34);
        var (validation, _) = Synthetic.Interaction(1_000, seed: 35);
        var reports = new List<TrainingProgress>();
        new GbdtTrainer(new GbdtOptions { Trees = 5, EarlyStoppingRounds = 0 })
            .Train(train, validation, new SynchronousProgress<TrainingProgress>(reports.Add));

        Assert.Equal(TrainingStage.Preparing, reports[0].Stage);
        var iterations = reports.Where(r => r.Stage == TrainingStage.Iterating).ToList();
        Assert.Equal([1, 2, 3, 4, 5], iterations.Select(r => r.Iteration));
        Assert.All(iterations, r => Assert.Equal(5, r.Total));
        Assert.All(iterations, r => Assert.Equal("logloss", r.ValidationMetricName));
        Assert.True(iterations[^1].ValidationMetric < iterations[0].ValidationMetric);
        Assert.Equal(TrainingStage.Finished, reports[^1].Stage);
    }

    [Fact]
    public void The_same_seed_gives_a_byte_identical_artifact_on_one_core_or_all()
    {
        // 20 000 rows: several row groups and parallel histogram builds, so thread scheduling
        // would show if any reduction depended on it.
        var (train, _) = Synthetic.Interaction(20_000, seed: 36);
        var options = new GbdtOptions { Trees = 20, RowSubsample = 0.8, FeatureSubsample = 0.75, Seed = 7 };

        var single = ModelArtifact.Serialize(new GbdtTrainer(options, ComputeBudget.SingleCore).Train(train).Model);
        var all = ModelArtifact.Serialize(new GbdtTrainer(options, ComputeBudget.AllCores).Train(train).Model);
        var otherSeed = ModelArtifact.Serialize(new GbdtTrainer(options with { Seed = 8 }).Train(train).Model);
        Assert.Equal(single, all);
        Assert.NotEqual(single, otherSeed);

        Assert.Equal(
            ModelArtifact.Serialize(new LogisticRegressionTrainer(compute: ComputeBudget.SingleCore).Train(train).Model),
            ModelArtifact.Serialize(new LogisticRegressionTrainer(compute: ComputeBudget.AllCores).Train(train).Model));
        var regression = Synthetic.NonlinearRegression(20_000, seed: 37);
        Assert.Equal(
            ModelArtifact.Serialize(new LinearRegressionTrainer(compute: ComputeBudget.SingleCore).Train(regression).Model),
            ModelArtifact.Serialize(new LinearRegressionTrainer(compute: ComputeBudget.AllCores).Train(regression).Model));
    }
}
