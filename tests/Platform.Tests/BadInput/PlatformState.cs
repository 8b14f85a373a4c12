using System.Net.Sockets;
using System.Text;
using Npgsql;
using Reference.Hosting.Testing;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.BadInput;

// What the services have stored, cheaply fingerprinted: every table of every service database (row count and a hash of
// its rows) and the online store's key count. Two snapshots that differ say a refused request changed something.
public sealed record PlatformState(IReadOnlyDictionary<string, string> Fingerprints)
{
    public static readonly string[] Databases = ["registrydb", "featuresdb", "trainingdb", "telemetrydb"];

    // Tables that other writers than the battery's requests change while it runs, and why that is not a change by bad input.
    public static readonly IReadOnlyDictionary<string, string> BackgroundTables = new Dictionary<string, string>
    {
        ["telemetrydb.public.spans"] = "every service exports its own traces (the battery's requests among them) to observability",
        ["telemetrydb.public.logs"] = "every service exports its logs (the battery's refusals among them) to observability",
        ["telemetrydb.public.metric_points"] = "every service exports its metrics to observability every few seconds",
        ["telemetrydb.public.metric_instruments"] = "metric instruments are registered as services first record them",
        ["trainingdb.public.training_workers"] = "worker processes renew their heartbeat row every few seconds",
    };

    public static async Task<PlatformState> CaptureAsync(PlatformFixture platform)
    {
        var fingerprints = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var database in Databases)
        {
            await using var connection = new NpgsqlConnection(await platform.App.GetConnectionStringAsync(database));
            await connection.OpenAsync();
            foreach (var table in await TablesAsync(connection))
            {
                var key = $"{database}.{table}";
                if (BackgroundTables.ContainsKey(key))
                {
                    continue;
                }
                await using var command = new NpgsqlCommand(
                    $"SELECT count(*)::text || ' rows, ' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') FROM {table} t", connection);
                fingerprints[key] = (string)(await command.ExecuteScalarAsync())!;
            }
        }
        fingerprints["online-store.dbsize"] = await RedisKeyCountAsync(await platform.App.GetConnectionStringAsync("online-store"));
        return new PlatformState(fingerprints);
    }

    public IReadOnlyList<string> ChangesSince(PlatformState before) =>
        Fingerprints.Keys.Union(before.Fingerprints.Keys)
            .Where(key => before.Fingerprints.GetValueOrDefault(key) != Fingerprints.GetValueOrDefault(key))
            .Select(key => $"{key}: {before.Fingerprints.GetValueOrDefault(key) ?? "absent"} -> {Fingerprints.GetValueOrDefault(key) ?? "absent"}")
            .ToList();

    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    // DBSIZE over RESP ("127.0.0.1:port,password=..."): the test project needs no Redis client for one number.
    private static async Task<string> RedisKeyCountAsync(string connectionString)
    {
        var parts = connectionString.Split(',');
        var endpoint = parts[0].Split(':');
        var password = parts.Skip(1).Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "password")?[1];
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint[0], int.Parse(endpoint[1], System.Globalization.CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (password is not null)
        {
            await stream.WriteAsync(Command("AUTH", password));
            await reader.ReadLineAsync();
        }
        await stream.WriteAsync(Command("DBSIZE"));
        return $"{await reader.ReadLineAsync()} keys";
    }

    private static byte[] Command(params string[] words) =>
        Encoding.UTF8.GetBytes($"*{words.Length}\r\n" + string.Concat(words.Select(w => $"${Encoding.UTF8.GetByteCount(w)}\r\n{w}\r\n")));
}
