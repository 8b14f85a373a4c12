using System.Net.Http.Json;

namespace Reference.ModelRegistry.Client;

// Promotion requests (four eyes: the requester cannot decide) and the model's promotion policy.
public sealed partial class ModelRegistryClient
{
    // Asks for version to take request.Alias in request.Environment; the answer shows the gates and is "pending" or
    // "blocked". A second pending request for the same version, alias and environment is refused (409).
    public async Task<Promotion> RequestPromotionAsync(string model, int version, CreatePromotionRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"api/models/{Uri.EscapeDataString(model)}/versions/{version}/promotions")
        {
            Content = JsonContent.Create(request, Json.CreatePromotionRequest),
        };
        AddIdempotencyKey(message, idempotencyKey);
        return await SendAsync(message, Json.Promotion, cancellationToken);
    }

    // The alias moves when the last required approval of the request's environment lands.
    public Task<Promotion> ApprovePromotionAsync(long id, string? comment = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DecideAsync(id, "approve", comment, idempotencyKey, cancellationToken);

    public Task<Promotion> RejectPromotionAsync(long id, string? comment = null, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        DecideAsync(id, "reject", comment, idempotencyKey, cancellationToken);

    public async Task<Promotion?> GetPromotionAsync(long id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/promotions/{id}");
        return await SendOrNullAsync(message, Json.Promotion, cancellationToken);
    }

    // The model's promotion requests, oldest first; pass NextPageToken back for the next page.
    public async Task<Page<Promotion>> ListPromotionsAsync(string model, int? pageSize = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (pageSize is { } size)
        {
            query.Add($"pageSize={size}");
        }
        if (pageToken is not null)
        {
            query.Add($"pageToken={Uri.EscapeDataString(pageToken)}");
        }
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/models/{Uri.EscapeDataString(model)}/promotions" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        return await SendAsync(message, Json.PagePromotion, cancellationToken);
    }

    public async Task<PromotionPolicy> GetPromotionPolicyAsync(string model, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, $"api/models/{Uri.EscapeDataString(model)}/promotion-policy");
        return await SendAsync(message, Json.PromotionPolicy, cancellationToken);
    }

    // Admin only.
    public async Task<PromotionPolicy> SetPromotionPolicyAsync(string model, PromotionPolicy policy, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Put, $"api/models/{Uri.EscapeDataString(model)}/promotion-policy")
        {
            Content = JsonContent.Create(policy, Json.PromotionPolicy),
        };
        AddIdempotencyKey(message, idempotencyKey);
        return await SendAsync(message, Json.PromotionPolicy, cancellationToken);
    }

    private async Task<Promotion> DecideAsync(long id, string decision, string? comment, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"api/promotions/{id}/{decision}")
        {
            Content = JsonContent.Create(new PromotionDecisionRequest(comment), Json.PromotionDecisionRequest),
        };
        AddIdempotencyKey(message, idempotencyKey);
        return await SendAsync(message, Json.Promotion, cancellationToken);
    }
}
