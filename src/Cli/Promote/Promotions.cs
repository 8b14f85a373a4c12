using System.Text.Json;
using Reference.Cli.Connection;

namespace Reference.Cli.Promote;

// `platform promote` asks the registry to move an alias to a version (its gates are evaluated then); `platform
// approve` decides on a pending request as an approver. Locally the approver is "local-approver", never the requester.
public sealed class Promotions(CliContext context)
{
    private const string Registry = "model-registry";

    public async Task<JsonElement> RequestAsync(string model, int version, string alias, string environment, string? reason, CancellationToken cancellationToken)
    {
        var promotion = await context.Platform.SendAsync(HttpMethod.Post, Registry, $"/api/models/{Uri.EscapeDataString(model)}/versions/{version}/promotions",
            new { alias, environment, reason }, Roles.MlEngineer, cancellationToken, idempotencyKey: Guid.NewGuid().ToString("N"));
        context.Terminal.Done($"Promotion {promotion.Text("id")} of {model} version {version} to {alias} is {promotion.Text("status")}.");
        foreach (var gate in promotion.GetProperty("gates").EnumerateArray())
        {
            context.Terminal.Line($"  {(gate.GetProperty("passed").GetBoolean() ? "passed" : "FAILED")}: {gate.Text("gate")} ({gate.Text("detail")})");
        }

        return promotion;
    }

    public async Task<JsonElement> ApproveAsync(long id, string? comment, CancellationToken cancellationToken)
    {
        var promotion = await context.Platform.SendAsync(HttpMethod.Post, Registry, $"/api/promotions/{id}/approve", new { comment }, Roles.Approver, cancellationToken,
            subject: Credentials.LocalApprover, idempotencyKey: Guid.NewGuid().ToString("N"));
        var status = promotion.Text("status");
        context.Terminal.Done(status == "approved"
            ? $"Approved promotion {id}: {promotion.Text("model")} version {promotion.Text("version")} is now {promotion.Text("alias")}."
            : $"Recorded approval of promotion {id}; it is {status} (it needs {promotion.Text("requiredApprovals")} approvals).");
        return promotion;
    }

    // The model's pending promotions to the alias, oldest first.
    public async Task<IReadOnlyList<JsonElement>> PendingAsync(string model, string alias, CancellationToken cancellationToken)
    {
        var page = await context.Platform.SendAsync(HttpMethod.Get, Registry, $"/api/models/{Uri.EscapeDataString(model)}/promotions?pageSize=1000", null, Roles.Viewer, cancellationToken);
        return page.GetProperty("items").EnumerateArray().Where(p => p.Text("status") == "pending" && p.Text("alias") == alias).ToList();
    }

    public async Task<int?> AliasVersionAsync(string model, string alias, CancellationToken cancellationToken)
    {
        var found = await context.Platform.GetOrNullAsync(Registry, $"/api/models/{Uri.EscapeDataString(model)}", Roles.Viewer, cancellationToken);
        return found is { } m && m.TryGetProperty("aliases", out var aliases) && aliases.TryGetProperty(alias, out var version) ? version.GetInt32() : null;
    }
}
