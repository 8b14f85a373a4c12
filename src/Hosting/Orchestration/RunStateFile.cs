using System.Text.Json;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// .platform/run/endpoints.json: each resource's URLs and connection strings, for tools and people (mode 0600); and
/// beside it resources.json, the same without connection strings (they hold passwords), which the dashboard is given.
/// </summary>
internal static class RunStateFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string DashboardCopy(string path) => Path.Combine(Path.GetDirectoryName(path)!, "resources.json");

    public static void Write(string path, IEnumerable<ResourceSnapshot> snapshots)
    {
        var list = snapshots.ToList();
        var writtenAt = DateTimeOffset.UtcNow;
        var resources = list.ToDictionary(
            s => s.Name,
            s => new
            {
                type = s.Type,
                state = s.State,
                urls = s.Urls.ToArray(),
                connectionString = s.ConnectionString,
                pids = s.Pids.ToArray(),
            });
        StateFiles.WritePrivate(path, JsonSerializer.Serialize(new { writtenAt, resources }, Json));

        var withoutSecrets = list.ToDictionary(s => s.Name, s => new { type = s.Type, state = s.State, urls = s.Urls.ToArray(), pids = s.Pids.ToArray() });
        StateFiles.WritePrivate(DashboardCopy(path), JsonSerializer.Serialize(new { writtenAt, resources = withoutSecrets }, Json));
    }
}
