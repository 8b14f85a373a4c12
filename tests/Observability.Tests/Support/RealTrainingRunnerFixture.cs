using Reference.UseCases.Fraud;

namespace Reference.Observability.Tests.Support;

// Observability with the AppHost's real training runner (and the feature store and training database it needs), found
// through service discovery as in the AppHost. Observability's own cooldown is short (2 s), so it keeps asking while
// the model stays drifted; the runner's cooldown (1 h) is the one that must hold. The runner has no worker pool here,
// so the retrain it admits stays queued instead of training. The fraud use case's definitions, label events and a few
// hundred sample rows are loaded so that the runner can admit the use case's job.
public sealed class RealTrainingRunnerFixture : ObservabilityFixture
{
    protected override bool WithTrainingRunner => false;

    protected override bool WithServing => false;

    protected override bool WithRealTrainingRunner => true;

    protected override string DriftCooldown => "2s";

    public HttpClient Runner(string role = "viewer") => ResourceClient("training-runner", role);

    public async Task LoadFraudUseCaseAsync()
    {
        using var featureStore = ResourceClient("feature-store", "ml-engineer");
        await FraudDefinitions.ApplyAsync(featureStore);
        await FraudDefinitions.LoadHistoryAsync(featureStore, FraudSampleData.Generate(300, seed: 3).ToList());
    }
}

[CollectionDefinition(Name)]
public sealed class RealTrainingRunnerCollection : ICollectionFixture<RealTrainingRunnerFixture>
{
    public const string Name = "observability-with-the-real-training-runner";
}
