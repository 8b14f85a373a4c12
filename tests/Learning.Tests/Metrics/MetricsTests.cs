using Reference.Learning.Metrics;

namespace Reference.Learning.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void Auc_counts_tied_pairs_as_one_half()
    {
        // Positives score 0.9, 0.7, 0.5; negatives 0.9, 0.5, 0.1. Of the 9 pairs the positive wins
        // 2 + 2 + 1 = 5 and ties 2 (0.9 vs 0.9, 0.5 vs 0.5): AUC = (5 + 2·½) / 9 = 2/3.
        double[] labels = [1, 0, 1, 0, 1, 0];
        double[] scores = [0.9, 0.9, 0.7, 0.5, 0.5, 0.1];
        Assert.Equal(2.0 / 3.0, RocAuc.Compute(labels, scores), 12);
    }

    [Fact]
    public void Auc_is_one_for_a_perfect_ranking_one_half_for_constant_scores_and_nan_for_one_class()
    {
        Assert.Equal(1.0, RocAuc.Compute([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]));
        Assert.Equal(0.5, RocAuc.Compute([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3]));
        Assert.True(double.IsNaN(RocAuc.Compute([1, 1], [0.2, 0.4])));
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood()
    {
        var expected = -(Math.Log(0.8) + Math.Log(0.7) + Math.Log(0.6) + Math.Log(0.9)) / 4; // ≈ 0.29900
        Assert.Equal(expected, LogLoss.Compute([1, 0, 1, 0], [0.8, 0.3, 0.6, 0.1]), 12);
        Assert.Equal(0.299, expected, 3);
    }

    [Fact]
    public void Precision_recall_and_f1_at_one_half_and_at_the_best_threshold()
    {
        double[] labels = [1, 1, 1, 0, 0, 0, 1, 0];
        double[] scores = [0.9, 0.6, 0.4, 0.7, 0.2, 0.1, 0.55, 0.5];

        // At 0.5 (inclusive): TP = 3 (0.9, 0.6, 0.55), FP = 2 (0.7, 0.5), FN = 1 (0.4), TN = 2.
        var half = ThresholdMetrics.At(labels, scores, 0.5);
        Assert.Equal((3, 2, 2, 1), (half.TruePositives, half.FalsePositives, half.TrueNegatives, half.FalseNegatives));
        Assert.Equal(0.6, half.Precision, 12);
        Assert.Equal(0.75, half.Recall, 12);
        Assert.Equal(2.0 / 3.0, half.F1, 12);
        Assert.Equal(5.0 / 8.0, half.Accuracy, 12);

        // Sweeping down the scores, F1 peaks at threshold 0.4: TP = 4, FP = 2, F1 = 8 / 10.
        var best = ThresholdMetrics.BestF1(labels, scores);
        Assert.Equal(0.4, best.Threshold);
        Assert.Equal(0.8, best.F1, 12);
        Assert.Equal(4.0 / 6.0, best.Precision, 12);
        Assert.Equal(1.0, best.Recall, 12);
    }

    [Fact]
    public void Expected_calibration_error_weights_each_bin_gap_by_its_share_of_rows()
    {
        // Bins (width 0.1): 0.05 → |0.05 − 1| = 0.95; 0.15 → 0.15; 0.85 → 0.15; 0.95 and 0.95 with
        // labels 1, 0 → |0.95 − 0.5| = 0.45 over 2 rows. ECE = (0.95 + 0.15 + 0.15)/5 + 0.45·2/5 = 0.43.
        Assert.Equal(0.43, CalibrationError.Expected([1, 0, 1, 1, 0], [0.05, 0.15, 0.85, 0.95, 0.95]), 12);
    }

    [Fact]
    public void Regression_metrics_match_hand_computed_values()
    {
        double[] labels = [3, -0.5, 2, 7];
        double[] predictions = [2.5, 0.0, 2, 8];
        var metrics = RegressionMetrics.Compute(labels, predictions);
        Assert.Equal(Math.Sqrt(0.375), metrics.Rmse, 12);   // squared errors 0.25, 0.25, 0, 1
        Assert.Equal(0.5, metrics.Mae, 12);                 // absolute errors 0.5, 0.5, 0, 1
        Assert.Equal(1 - (1.5 / 29.1875), metrics.R2, 12);  // SS_tot around the mean 2.875 is 29.1875
    }

    [Fact]
    public void Binary_report_bundles_every_metric()
    {
        var report = BinaryClassificationMetrics.Compute([1, 0, 1, 0], [0.8, 0.3, 0.6, 0.1]);
        Assert.Equal(1.0, report.Auc);
        Assert.Equal(1.0, report.Accuracy);
        Assert.Equal(1.0, report.AtBestF1.F1);
    }

    [Fact]
    public void Mismatched_or_invalid_inputs_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => RocAuc.Compute([1, 0], [0.5]));
        Assert.Throws<ArgumentException>(() => LogLoss.Compute([2], [0.5]));
        Assert.Throws<ArgumentException>(() => LogLoss.Compute([1], [1.5]));
    }
}
