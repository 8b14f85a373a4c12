using System.Text.Json;

namespace Reference.Hosting.Orchestration;

/// <summary>.platform/run/endpoints.json: each resource's URLs and connection strings, for tools and people (mode 0600).</summary>
internal static class RunStateFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static void Write(string path, IEnumerable<ResourceSnapshot> snapshots)
    {
        var resources = snapshots.ToDictionary(
            s => s.Name,
            s => new
            {
                type = s.Type,
                state = s.State,
                urls = s.Urls.ToArray(),
                connectionString = s.ConnectionString,
                pids = s.Pids.ToArray(),
            });
        StateFiles.WritePrivate(path, JsonSerializer.Serialize(new { writtenAt = DateTimeOffset.UtcNow, resources }, Json));
    }
}
