namespace Reference.TrainingRunner.Tests.Support;

// The runner in run-once mode, as the published Kubernetes Job starts its image: runs until it exits by itself.
internal sealed record RunOnceProcess(int ExitCode, string Output)
{
    public static async Task<RunOnceProcess> RunAsync(TrainingFixture fixture, string useCasesDirectory, string useCase, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["OTEL_SERVICE_NAME"] = $"{useCase}-training",
            ["Training__Job__RunOnce"] = "true",
            ["Training__Job__UseCase"] = useCase,
        };
        await using var process = await RunnerProcess.StartAsync(fixture, useCasesDirectory, environment);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(150));
        return new RunOnceProcess(code, process.Output);
    }

    // A use case that trains quickly on the fixture's fraud data; extra lines go into its training section.
    public static string WriteUseCase(string useCase, string model, string trainingExtra = "", string hyperparameters = "{trees: 20, maxDepth: 3, learningRate: 0.2}") =>
        RunnerProcess.WriteUseCase(useCase, $"""
        name: {useCase}
        residency: eu
        training:
          model: {model}
          featureService: {FraudData.FeatureService}
          labels: {"{"}featureView: {FraudData.LabelView}, column: {FraudData.LabelColumn}{"}"}
          entitySet: {FraudData.EntitySet}
          algorithm: gbdt
          hyperparameters: {hyperparameters}
          validation: {"{"}split: time, fraction: 0.25{"}"}
          {trainingExtra}
        """);
}
