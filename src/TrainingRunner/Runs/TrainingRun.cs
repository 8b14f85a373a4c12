using System.Globalization;
using System.Text.Json;
using Reference.Learning.Data;
using Reference.Learning.Metrics;
using Reference.Learning.Models;
using Reference.Learning.Profiles;
using Reference.Learning.Trainers;
using Reference.ModelRegistry.Client;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Jobs;
using Reference.TrainingRunner.Queue;

namespace Reference.TrainingRunner.Runs;

// One attempt of a job: historical retrieval (streamed, hashed) → split → train → evaluate → profile → register
// with lineage → alias challenger → promotion request when the use case's gates pass. Deterministic for a job:
// the same data and request give the same artifact and metadata, so a retried upload replays the first.
public sealed class TrainingRun(FeatureStoreGateway featureStore, TrainingDataPlanner planner, RegistryPublisher registry, ILogger<TrainingRun> logger)
{
    public const string TimestampColumn = "event_timestamp";

    public async Task<JobOutcome> ExecuteAsync(JobLease lease, RunProgress progress, CancellationToken cancellationToken)
    {
        var request = lease.Request;
        var jobId = lease.JobId.ToString();

        progress.Enter(JobStages.FetchingData);
        var errors = new ValidationErrors();
        var plan = await planner.PlanAsync(request.FeatureService!, request.Labels!.FeatureView!, request.Labels.Column!, errors, cancellationToken)
            ?? throw new TrainingDataException("The job's data no longer resolves: " + string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value)));
        var (table, datasetSha256) = await FetchAsync(request.EntitySet!, plan, cancellationToken);
        table = KeepTrainableRows(table, plan.Label.Column, request.TimeWindow);
        if (table.RowCount < 10)
        {
            throw new TrainingDataException($"Only {table.RowCount} labelled rows remain in entity set '{request.EntitySet}'" +
                (request.TimeWindow is null ? "" : " inside the time window") + "; at least 10 are needed to train and validate.");
        }

        progress.Enter(JobStages.Splitting);
        var fraction = request.Validation?.Fraction ?? 0.2;
        var split = request.Validation?.Split == "random"
            ? RowSplit.Random(table.RowCount, fraction, request.Validation.Seed ?? SeedOf(lease.JobId))
            : RowSplit.ByTime(table, TimestampColumn, fraction);
        var featureColumns = plan.Features.Select(f => f.Column).ToArray();
        var train = table.SelectRows(split.Train).ToTrainingSet(plan.Label.Column, featureColumns);
        var validation = table.SelectRows(split.Validation).ToTrainingSet(plan.Label.Column, featureColumns);

        progress.Enter(JobStages.Training, new Dictionary<string, object> { ["trainingRows"] = train.RowCount, ["validationRows"] = validation.RowCount });
        if (!TrainerCatalog.TryCreate(request.Algorithm!, ToHyperparameters(request.Hyperparameters), out var trainer, out var hyperparameterErrors))
        {
            throw new TrainingDataException("The hyperparameters are no longer valid: " + string.Join(" ", hyperparameterErrors.Select(e => e.Message)));
        }
        // The trainer is synchronous and CPU-bound: off the async path, so heartbeats and progress keep flowing.
        var result = await Task.Run(() => trainer.Train(train, validation, progress, cancellationToken), cancellationToken);

        progress.Enter(JobStages.Evaluating);
        var metrics = Evaluate(result.Model, validation);

        progress.Enter(JobStages.Profiling);
        var profile = DataProfiler.Profile(train.Features).ToJson();

        progress.Enter(JobStages.Registering);
        var artifact = ModelArtifact.Serialize(result.Model);
        var metadata = new VersionMetadata(
            SourceRunId: jobId,
            Algorithm: result.Model.Algorithm,
            Hyperparameters: result.Model.Hyperparameters.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, p.Value.GetType(), JobStore.EventJson)),
            Metrics: metrics,
            Signature: new ModelRegistry.Client.ModelSignature(
                [.. result.Model.Signature.Inputs.Select(i => new SignatureField(i.Name, WireType(i.Type)))],
                [new SignatureField(result.Model.Task == ModelTask.BinaryClassification ? "probability" : "prediction", "float64")]),
            DataProfile: JsonDocument.Parse(profile).RootElement.Clone(),
            Lineage: new ModelLineage(jobId, datasetSha256, [.. plan.Views.Select(v => new FeatureViewReference(v.Name, v.Version))], plan.Classification.ToName(), plan.Residency),
            Description: $"Trained by job {jobId} for use case {lease.Request.UseCase} on entity set {request.EntitySet}.",
            Tags: new Dictionary<string, string> { ["useCase"] = request.UseCase!, ["trainingJob"] = jobId, ["entitySet"] = request.EntitySet! });
        await registry.EnsureModelAsync(request.Model!, request.UseCase!, lease.Submitter, cancellationToken);
        var version = await registry.RegisterAsync(request.Model!, jobId, metadata, artifact, cancellationToken);
        var withAlias = await registry.SetAliasAsync(request.Model!, "challenger", version.Version, jobId, cancellationToken);

        progress.Enter(JobStages.Promoting);
        var promotion = await PromoteIfGatesPassAsync(lease, version.Version, metrics, cancellationToken);
        logger.LogInformation("Job {JobId} registered {Model} v{Version} (auc/rmse {Metrics})", jobId, request.Model, version.Version, string.Join(", ", metrics.Select(m => $"{m.Key}={m.Value:0.####}")));
        return new JobOutcome(version.Version, request.Model!, metrics, datasetSha256, train.RowCount, validation.RowCount, withAlias.Aliases, promotion);
    }

    private async Task<(TabularData Table, string Sha256)> FetchAsync(string entitySet, TrainingDataPlan plan, CancellationToken cancellationToken)
    {
        var builder = new TabularDataBuilder().DeclareColumn(TimestampColumn, ColumnType.Timestamp);
        foreach (var feature in plan.Features.Append(plan.Label))
        {
            builder.DeclareColumn(feature.Column, feature.Type switch
            {
                "string" => ColumnType.Categorical,
                "timestamp" => ColumnType.Timestamp,
                "bool" => ColumnType.Bool,
                "int64" => ColumnType.Int64,
                _ => ColumnType.Float64,
            });
        }
        using var response = await featureStore.OpenHistoricalAsync(entitySet, plan.References, cancellationToken);
        await using var body = new HashingReadStream(await response.Content.ReadAsStreamAsync(cancellationToken));
        await NdjsonRowReader.ReadAsync(body, builder, cancellationToken);
        return (builder.Build(), body.Sha256Hex());
    }

    // Rows with a label, inside the time window when the job has one.
    private static TabularData KeepTrainableRows(TabularData table, string labelColumn, TimeWindow? window)
    {
        var labels = ((NumericColumn)table[labelColumn]).Values.Span;
        var times = ((NumericColumn)table[TimestampColumn]).Values.Span;
        var start = window?.Start?.ToUnixTimeMilliseconds() / 1000.0 ?? double.NegativeInfinity;
        var end = window?.End?.ToUnixTimeMilliseconds() / 1000.0 ?? double.PositiveInfinity;
        var keep = new List<int>(table.RowCount);
        for (var i = 0; i < table.RowCount; i++)
        {
            if (!double.IsNaN(labels[i]) && times[i] >= start && times[i] < end)
            {
                keep.Add(i);
            }
        }
        return keep.Count == table.RowCount ? table : table.SelectRows(keep.ToArray());
    }

    internal static Dictionary<string, double> Evaluate(Model model, TrainingSet validation)
    {
        var scores = new double[validation.RowCount];
        model.ScoreBatch(validation.Features, scores);
        if (model.Task == ModelTask.BinaryClassification)
        {
            var binary = BinaryClassificationMetrics.Compute(validation.Labels.Span, scores);
            return new Dictionary<string, double>
            {
                ["auc"] = binary.Auc,
                ["logLoss"] = binary.LogLoss,
                ["accuracy"] = binary.Accuracy,
                ["f1"] = binary.AtBestF1.F1,
                ["expectedCalibrationError"] = binary.ExpectedCalibrationError,
            };
        }
        var regression = RegressionMetrics.Compute(validation.Labels.Span, scores);
        return new Dictionary<string, double> { ["rmse"] = regression.Rmse, ["mae"] = regression.Mae, ["r2"] = regression.R2 };
    }

    private async Task<PromotionOutcome?> PromoteIfGatesPassAsync(JobLease lease, int version, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var gates = lease.Request.Gates;
        if (gates?.Metric is not { } metric)
        {
            return null;
        }
        var champion = await registry.ResolveAliasAsync(lease.Request.Model!, "champion", cancellationToken);
        var check = GateCheck.Evaluate(gates, metrics, champion?.Version == version ? null : champion?.Metrics, champion?.Version);
        if (!check.Passed)
        {
            return new PromotionOutcome(false, null, null, "Not requested: " + check.Detail);
        }
        return await registry.RequestPromotionAsync(lease.Request.Model!, version, lease.JobId.ToString(),
            $"Training job {lease.JobId}: {check.Detail}", lease.Submitter, cancellationToken);
    }

    internal static Dictionary<string, object?>? ToHyperparameters(Dictionary<string, JsonElement>? values) =>
        values?.ToDictionary(p => p.Key, p => (object?)p.Value);

    private static ulong SeedOf(Guid id) => BitConverter.ToUInt64(id.ToByteArray(), 0);

    private static string WireType(ColumnType type) => type switch
    {
        ColumnType.Int64 => "int64",
        ColumnType.Bool => "bool",
        ColumnType.Categorical => "string",
        ColumnType.Timestamp => "datetime",
        _ => "float64",
    };
}
