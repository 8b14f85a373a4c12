extern alias runner;
using runner::Reference.TrainingRunner.Runs;
using runner::Reference.TrainingRunner.UseCases;
using runner::Reference.TrainingRunner.Workers;
using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Tests;

public class PlacementRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> OnPremLabels = new() { ["location"] = "onprem", ["jurisdiction"] = "eu" };
    private static readonly Dictionary<string, string> CloudLabels = new() { ["location"] = "cloud", ["provider"] = "aws", ["jurisdiction"] = "eu" };

    private static QueuedJobFacts Job(DataClassification classification = DataClassification.Confidential, string residency = "eu", double waitedSeconds = 10) =>
        new(Guid.NewGuid(), null, [], classification, residency, false, Now.AddSeconds(-waitedSeconds));

    private static WorkerPool[] Pools(int onPremBusy) => [new("onprem", OnPremLabels, 1, onPremBusy, 1), new("cloud-burst", CloudLabels, 2, 0, 1)];

    [Fact]
    public void The_preferred_pool_takes_a_job_at_once_and_the_cloud_pool_only_after_the_wait_while_on_prem_is_full()
    {
        var onPrem = BurstPolicy.Decide(Job(waitedSeconds: 0), "onprem", Pools(0), TimeSpan.FromSeconds(5), Now);
        Assert.NotNull(onPrem);
        Assert.False(onPrem.Burst);

        Assert.Null(BurstPolicy.Decide(Job(waitedSeconds: 10), "cloud-burst", Pools(onPremBusy: 0), TimeSpan.FromSeconds(5), Now));
        Assert.Null(BurstPolicy.Decide(Job(waitedSeconds: 4), "cloud-burst", Pools(onPremBusy: 1), TimeSpan.FromSeconds(5), Now));
        var burst = BurstPolicy.Decide(Job(waitedSeconds: 6), "cloud-burst", Pools(onPremBusy: 1), TimeSpan.FromSeconds(5), Now);
        Assert.NotNull(burst);
        Assert.True(burst.Burst);
        Assert.Contains("onprem had 1 of 1 slots busy", burst.Reason);
        Assert.Equal(["onprem", "cloud-burst"], burst.EligiblePools);
    }

    [Fact]
    public void Restricted_data_stays_on_prem_and_resident_data_stays_in_its_jurisdiction()
    {
        Assert.Null(BurstPolicy.Decide(Job(DataClassification.Restricted, waitedSeconds: 60), "cloud-burst", Pools(onPremBusy: 1), TimeSpan.FromSeconds(5), Now));
        Assert.Null(BurstPolicy.Decide(Job(residency: "us", waitedSeconds: 60), "cloud-burst", Pools(onPremBusy: 1), TimeSpan.FromSeconds(5), Now));
        Assert.False(PoolEligibility.Check(CloudLabels, DataClassification.Restricted, "any", false).Allowed);
        Assert.True(PoolEligibility.Check(CloudLabels, DataClassification.Confidential, "any", false).Allowed);
        Assert.False(PoolEligibility.Check(OnPremLabels, DataClassification.Public, "any", requiresGpu: true).Allowed);
    }

    [Fact]
    public void Lineage_takes_the_residency_every_view_allows()
    {
        Assert.Equal("eu", TrainingDataPlan.IntersectResidencies(["eu", "any", "EU"]));
        Assert.Equal("any", TrainingDataPlan.IntersectResidencies(["any", ""]));
        Assert.Null(TrainingDataPlan.IntersectResidencies(["eu", "us"]));
    }

    [Fact]
    public void Gates_compare_with_the_threshold_and_the_champion()
    {
        var gates = new runner::Reference.TrainingRunner.Jobs.PromotionGates("auc", 0.8, 0.01);
        Assert.True(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["auc"] = 0.85 }, null, null).Passed);
        Assert.False(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["auc"] = 0.79 }, null, null).Passed);
        Assert.False(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["auc"] = 0.85 }, new Dictionary<string, double> { ["auc"] = 0.87 }, 3).Passed);
        Assert.True(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["auc"] = 0.865 }, new Dictionary<string, double> { ["auc"] = 0.87 }, 3).Passed);
        Assert.False(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["rmse"] = 0.1 }, null, null).Passed);
    }

    [Fact]
    public void Error_gates_take_a_maximum_and_count_a_higher_error_as_a_regression()
    {
        var gates = new runner::Reference.TrainingRunner.Jobs.PromotionGates("rmse", Min: null, MaxRegression: 0.05, Max: 7.0);
        Assert.True(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["rmse"] = 6.5 }, null, null).Passed);
        var above = GateCheck.Evaluate(gates, new Dictionary<string, double> { ["rmse"] = 7.2 }, null, null);
        Assert.False(above.Passed);
        Assert.Contains("above the maximum 7", above.Detail);
        // Champion at 6.0: 6.04 is within 0.05 of it, 6.1 is worse by more.
        Assert.True(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["rmse"] = 6.04 }, new Dictionary<string, double> { ["rmse"] = 6.0 }, 2).Passed);
        Assert.False(GateCheck.Evaluate(gates, new Dictionary<string, double> { ["rmse"] = 6.1 }, new Dictionary<string, double> { ["rmse"] = 6.0 }, 2).Passed);
        // Both bounds: a band.
        var band = new runner::Reference.TrainingRunner.Jobs.PromotionGates("r2", Min: 0.5, MaxRegression: null, Max: 0.999);
        Assert.True(GateCheck.Evaluate(band, new Dictionary<string, double> { ["r2"] = 0.9 }, null, null).Passed);
        Assert.False(GateCheck.Evaluate(band, new Dictionary<string, double> { ["r2"] = 0.4 }, null, null).Passed);
        Assert.False(GateCheck.Evaluate(band, new Dictionary<string, double> { ["r2"] = 1.0 }, null, null).Passed);
    }

    [Fact]
    public void A_regression_spec_carries_its_max_gate_into_the_job_request()
    {
        var spec = UseCaseCatalog.Parse("""
            name: demand
            training:
              model: demand-forecaster
              featureService: demand_v1
              labels: {featureView: demand_labels, column: units_sold}
              algorithm: gbdt
              hyperparameters: {objective: regression, trees: 50}
              gates: {metric: rmse, max: 7.0, maxRegression: 0.05}
            """);
        var request = UseCaseCatalog.ToJobRequest(spec, Now);
        Assert.Equal(new runner::Reference.TrainingRunner.Jobs.PromotionGates("rmse", null, 0.05, 7.0), request.Gates);
        Assert.Equal("regression", request.Hyperparameters!["objective"].GetString());
    }

    [Fact]
    public void The_fraud_spec_becomes_a_job_request()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "UseCases", "Fraud", "usecase.yaml");
        var spec = UseCaseCatalog.Parse(File.ReadAllText(path));
        var request = UseCaseCatalog.ToJobRequest(spec, Now);
        Assert.Equal("fraud", request.UseCase);
        Assert.Equal("fraud-detector", request.Model);
        Assert.Equal("is_fraud", request.Labels!.Column);
        Assert.Equal(200, request.Hyperparameters!["trees"].GetDouble());
        Assert.Equal(["onprem", "cloud-burst"], request.Placement!.Pools);
        Assert.Equal("24h", spec.Training!.Schedule);
    }
}
