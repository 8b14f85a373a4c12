using System.Security.Claims;
using Microsoft.Extensions.Options;
using Reference.Learning.Trainers;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Runs;
using Reference.TrainingRunner.Workers;

namespace Reference.TrainingRunner.Jobs;

// A job that passed every check and can be queued: the request, the data plan and the pools it may run on.
public sealed record AdmittedJob(JobRequest Request, TrainingDataPlan Plan, IReadOnlyList<string> PoolOrder, int MaxAttempts);

// Checks a job before anything is queued: the request's shape (400), then what it names against the trainer
// catalog, the feature store and the live pools (422), then the caller's clearance for the data (403).
public sealed class JobAdmission(TrainingDataPlanner planner, FeatureStoreGateway featureStore, PoolDirectory pools, IOptions<TrainingOptions> options)
{
    public async Task<(AdmittedJob? Job, IResult? Problem)> AdmitAsync(JobRequest? request, ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return (null, new ValidationErrors().Add("body", "Send the job as JSON: {useCase, model, featureService, labels, entitySet, algorithm, ...}.").ToProblem());
        }
        var errors = new ValidationErrors();
        RequireName(request.UseCase, "useCase", errors);
        RequireName(request.Model, "model", errors);
        RequireName(request.FeatureService, "featureService", errors);
        RequireName(request.Labels?.FeatureView, "labels.featureView", errors);
        RequireName(request.Labels?.Column, "labels.column", errors);
        RequireName(request.EntitySet, "entitySet", errors);
        if (string.IsNullOrWhiteSpace(request.Algorithm))
        {
            errors.Add("algorithm", $"Name the algorithm: one of {string.Join(", ", TrainerCatalog.Algorithms)}.");
        }
        if (request.TimeWindow is { Start: { } start, End: { } end } && start >= end)
        {
            errors.Add("timeWindow", "timeWindow.start must be before timeWindow.end.");
        }
        if (request.Validation is { } validation)
        {
            if (validation.Split is not (null or "time" or "random"))
            {
                errors.Add("validation.split", "validation.split is 'time' (the latest rows validate) or 'random'.");
            }
            if (validation.Fraction is { } fraction && !(fraction > 0 && fraction <= 0.5))
            {
                errors.Add("validation.fraction", $"validation.fraction must be in (0, 0.5]; it was {fraction}.");
            }
        }
        if (request.Gates is { } gates)
        {
            if (string.IsNullOrWhiteSpace(gates.Metric))
            {
                errors.Add("gates.metric", "Name the metric the gates apply to, such as auc or rmse.");
            }
            if (gates is { Min: { } min, Max: { } max } && min > max)
            {
                errors.Add("gates.max", $"gates.max ({max}) is below gates.min ({min}); no value could pass.");
            }
            if (gates.MaxRegression is < 0)
            {
                errors.Add("gates.maxRegression", "gates.maxRegression is how much worse than the champion is tolerated: 0 or more.");
            }
        }
        if (request.MaxAttempts is { } attempts and (< 1 or > 10))
        {
            errors.Add("maxAttempts", $"maxAttempts must be between 1 and 10; it was {attempts}.");
        }
        if (request.Placement?.Pool is { } named && !IsName(named))
        {
            errors.Add("placement.pool", "A pool name is letters, digits and '-'.");
        }
        if (!errors.IsEmpty)
        {
            return (null, errors.ToProblem());
        }

        // Well-formed: now what it names must exist and fit.
        var unusable = new ValidationErrors();
        if (!TrainerCatalog.TryCreate(request.Algorithm!, TrainingRun.ToHyperparameters(request.Hyperparameters), out _, out var hyperparameterErrors))
        {
            foreach (var error in hyperparameterErrors)
            {
                unusable.Add(error.Name == "algorithm" ? "algorithm" : $"hyperparameters.{error.Name}", error.Message);
            }
        }
        TrainingDataPlan? plan;
        try
        {
            plan = await planner.PlanAsync(request.FeatureService!, request.Labels!.FeatureView!, request.Labels.Column!, unusable, cancellationToken);
            if (!await featureStore.EntitySetExistsAsync(request.EntitySet!, cancellationToken))
            {
                unusable.Add("entitySet", $"Entity set '{request.EntitySet}' does not exist in the feature store; store the label events with PUT /api/entity-sets/{request.EntitySet} there first.");
            }
        }
        catch (HttpRequestException ex)
        {
            return (null, Problems.Unavailable($"The feature store could not be asked about the job's data: {ex.Message} Try again shortly."));
        }
        var live = await pools.ListAsync(cancellationToken);
        var poolOrder = request.Placement?.Pools?.ToList() ?? [];
        if (plan is not null && live.Count > 0)
        {
            var candidates = live.Where(p => (request.Placement?.Pool is null || p.Name == request.Placement.Pool) && (poolOrder.Count == 0 || poolOrder.Contains(p.Name))).ToList();
            var eligible = candidates.Where(p => PoolEligibility.Check(p.Labels, plan.Classification, plan.Residency, request.Placement?.RequiresGpu == true).Allowed).ToList();
            if (eligible.Count == 0)
            {
                var field = request.Placement?.Pool is not null ? "placement.pool" : request.Placement?.RequiresGpu == true ? "placement.requiresGpu" : "placement";
                unusable.Add(field, "No live pool may run this job: " + (candidates.Count == 0
                    ? $"the pools are {string.Join(", ", live.Select(p => p.Name))}."
                    : string.Join("; ", candidates.Select(p => $"{p.Name}: {PoolEligibility.Check(p.Labels, plan.Classification, plan.Residency, request.Placement?.RequiresGpu == true).Reason}")) + "."));
            }
        }
        if (!unusable.IsEmpty || plan is null)
        {
            return (null, Problems.Unprocessable(unusable.ToDictionary(), "Nothing was queued. Fix the fields listed in errors.", "The job cannot run as specified"));
        }
        if (!caller.HasClearanceFor(plan.Classification))
        {
            return (null, Problems.Forbidden(
                $"The job reads {plan.Classification.ToName()} data ({string.Join(", ", plan.Views.Select(v => $"{v.Name}: {v.Classification}"))}); submitting it needs a clearance of {plan.Classification.ToName()} or above."));
        }
        return (new AdmittedJob(request, plan, poolOrder, request.MaxAttempts ?? options.Value.DefaultMaxAttempts), null);
    }

    private static void RequireName(string? value, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required.");
        }
        else if (value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add(field, $"{field} is 1 to 128 letters, digits, '-', '_' or '.'.");
        }
    }

    private static bool IsName(string value) => value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
