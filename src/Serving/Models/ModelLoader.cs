using Reference.FeatureStore.Client;
using Reference.Learning.Models;
using Reference.ModelRegistry.Client;
using Reference.Serving.Features;

namespace Reference.Serving.Models;

// Download (SHA-256 checked against the registry's record) → deserialize → bind features → warm up.
public sealed partial class ModelLoader(ModelRegistryClient registry, FeatureStoreHttpClient featureStore, ILogger<ModelLoader> logger)
{
    private const int WarmUpRows = 64;

    public async Task<LoadedModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        using var artifact = new MemoryStream(version.Artifact.SizeBytes is > 0 and < int.MaxValue ? (int)version.Artifact.SizeBytes : 0);
        await registry.DownloadArtifactAsync(version.Model, version.Version, artifact, version.Artifact.Sha256, cancellationToken);
        var model = ModelArtifact.Deserialize(artifact.GetBuffer().AsSpan(0, (int)artifact.Length));

        var (features, featureProblem, transient) = await BindAsync(version, model, cancellationToken);
        WarmUp(model);
        return new LoadedModel(version, model, features, featureProblem) { FeatureBindingTransient = transient };
    }

    // A version loaded while the feature store could not be asked: the same model with its features bound, or null
    // while they still cannot be.
    public async Task<LoadedModel?> RebindAsync(LoadedModel loaded, CancellationToken cancellationToken)
    {
        var (features, featureProblem, transient) = await BindAsync(loaded.Registered, loaded.Model, cancellationToken);
        return transient ? null : new LoadedModel(loaded.Registered, loaded.Model, features, featureProblem);
    }

    private async Task<(FeatureBinding? Features, string? Problem, bool Transient)> BindAsync(ModelVersion version, Model model, CancellationToken cancellationToken)
    {
        try
        {
            return (await FeatureBinding.BindAsync(model.Signature, version.Lineage, featureStore, cancellationToken), null, false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Inference with explicit inputs still works; entity scoring answers 422 with this reason. An unreachable
            // feature store is retried by the lifecycle; a definition that does not fit the model is not.
            LogNoFeatures(logger, version.Model, version.Version, ex.Message);
            return (null, ex.Message, ex is HttpRequestException or TaskCanceledException);
        }
    }

    // JIT-compiles and touches the scoring paths before the first request depends on them.
    private static void WarmUp(Model model)
    {
        var rows = new double[WarmUpRows * model.InputCount];
        var outputs = new double[WarmUpRows];
        model.Score(rows.AsSpan(0, model.InputCount));
        model.ScoreBatch(rows, outputs);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model} v{Version} has no online feature binding; /api/predict is unavailable for it: {Reason}")]
    private static partial void LogNoFeatures(ILogger logger, string model, int version, string reason);
}
