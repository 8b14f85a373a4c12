using System.Text.Json;

namespace Reference.Observability.Dashboard;

/// <summary>One resource as the AppHost's endpoints.json lists it (connection strings are left out: they hold passwords).</summary>
internal sealed record ResourceState(string Name, string Type, string State, IReadOnlyList<string> Urls, IReadOnlyList<int> Pids);

/// <summary>Reads the AppHost's run state file, rewritten on every state change.</summary>
internal static class RunState
{
    public static async Task<(IReadOnlyList<ResourceState> Resources, DateTimeOffset? WrittenAt)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = document.RootElement;
        DateTimeOffset? writtenAt = root.TryGetProperty("writtenAt", out var w) && w.TryGetDateTimeOffset(out var at) ? at : null;
        var resources = new List<ResourceState>();
        if (root.TryGetProperty("resources", out var list) && list.ValueKind == JsonValueKind.Object)
        {
            foreach (var resource in list.EnumerateObject())
            {
                var value = resource.Value;
                resources.Add(new ResourceState(
                    resource.Name,
                    value.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
                    value.TryGetProperty("state", out var state) ? state.GetString() ?? "" : "",
                    value.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array ? [.. urls.EnumerateArray().Select(u => u.GetString() ?? "")] : [],
                    value.TryGetProperty("pids", out var pids) && pids.ValueKind == JsonValueKind.Array ? [.. pids.EnumerateArray().Select(p => p.GetInt32())] : []));
            }
        }
        return (resources, writtenAt);
    }
}
