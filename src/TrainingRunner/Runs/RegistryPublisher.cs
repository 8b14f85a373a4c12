using System.Net;
using System.Net.Http.Json;
using Reference.ModelRegistry.Client;

namespace Reference.TrainingRunner.Runs;

// Registers a job's model version so that a job registers at most one version whatever happens: the version is
// looked up by its source run (the job id) first, and the upload carries the job id as its Idempotency-Key, so an
// attempt that died after the upload gets the same version back instead of a second one.
public sealed class RegistryPublisher(HttpClient http, DelegatedTokenIssuer delegated)
{
    public const string HttpClientName = "model-registry";

    private readonly ModelRegistryClient registry = new(http);

    public async Task EnsureModelAsync(string model, string useCase, Submitter submitter, CancellationToken cancellationToken)
    {
        if (await registry.GetModelAsync(model, cancellationToken) is not null)
        {
            return;
        }
        var (token, refusal) = delegated.IssueFor(submitter);
        if (token is null)
        {
            throw new TrainingDataException($"Model '{model}' is not in the registry, and the runner cannot create models for this job: {refusal}. " +
                "Create the model first (POST /api/models on the registry, as platform apply does) or submit the job as a data scientist or ML engineer.");
        }
        try
        {
            await registry.WithBearerToken(token).CreateModelAsync(
                new CreateModelRequest(model, $"Trained by the training runner for use case {useCase}.", null, useCase), $"create-model-{model}", cancellationToken);
        }
        catch (ModelRegistryException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Created meanwhile by someone else, which is what we wanted.
        }
    }

    public async Task<ModelVersion?> FindVersionOfRunAsync(string model, string jobId, CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            var path = $"api/models/{Uri.EscapeDataString(model)}/versions?pageSize=1000" + (pageToken is null ? "" : $"&pageToken={Uri.EscapeDataString(pageToken)}");
            var page = await http.GetFromJsonAsync(path, RegistryJsonContext.Default.PageModelVersion, cancellationToken);
            if (page?.Items.FirstOrDefault(v => v.SourceRunId == jobId) is { } found)
            {
                return found;
            }
            pageToken = page?.NextPageToken;
        }
        while (pageToken is not null);
        return null;
    }

    public async Task<ModelVersion> RegisterAsync(string model, string jobId, VersionMetadata metadata, byte[] artifact, CancellationToken cancellationToken)
    {
        if (await FindVersionOfRunAsync(model, jobId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(artifact));
        try
        {
            return await registry.CreateVersionAsync(model, metadata, new MemoryStream(artifact, writable: false), idempotencyKey: jobId, expectedSha256: sha256, cancellationToken: cancellationToken);
        }
        catch (ModelRegistryException ex) when (ex.StatusCode == HttpStatusCode.UnprocessableEntity)
        {
            // The key was used by an earlier attempt whose upload differed (a feature view changed in between): keep its version.
            if (await FindVersionOfRunAsync(model, jobId, cancellationToken) is { } registered)
            {
                return registered;
            }
            throw;
        }
    }

    public Task<ModelVersion> SetAliasAsync(string model, string alias, int version, string jobId, CancellationToken cancellationToken) =>
        registry.SetAliasAsync(model, alias, version, $"{jobId}-{alias}", cancellationToken);

    public Task<ModelVersion?> ResolveAliasAsync(string model, string alias, CancellationToken cancellationToken) =>
        registry.ResolveAliasAsync(model, alias, cancellationToken);

    // Asks for the version to become champion, as the submitter (the registry's four-eyes rule then applies).
    public async Task<Jobs.PromotionOutcome> RequestPromotionAsync(string model, int version, string jobId, string reason, Submitter submitter, CancellationToken cancellationToken)
    {
        var (token, refusal) = delegated.IssueFor(submitter);
        if (token is null)
        {
            return new Jobs.PromotionOutcome(false, null, null,
                $"The gates passed, but the runner does not request promotions for this job: {refusal}. A data scientist or ML engineer can request it for version {version} " +
                $"(POST /api/models/{model}/versions/{version}/promotions on the registry).");
        }
        try
        {
            var promotion = await registry.WithBearerToken(token).RequestPromotionAsync(
                model, version, new CreatePromotionRequest("champion", "production", reason), $"{jobId}-promotion", cancellationToken);
            return new Jobs.PromotionOutcome(true, promotion.Id, promotion.Status, $"Promotion {promotion.Id} to champion is {promotion.Status}.");
        }
        catch (ModelRegistryException ex) when ((int)ex.StatusCode < 500)
        {
            return new Jobs.PromotionOutcome(false, null, null, $"The registry did not accept the promotion request: {ex.Message}");
        }
    }
}
