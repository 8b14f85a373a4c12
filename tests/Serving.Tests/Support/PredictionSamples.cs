using Reference.Hosting.Testing;
using Npgsql;

namespace Reference.Serving.Tests.Support;

// What observability stored from serving's prediction samples (its prediction_samples table).
internal static class PredictionSamples
{
    public static async Task<List<string>> WaitForAsync(ServingFixture fixture, string model, int version, int atLeast)
    {
        await using var connection = new NpgsqlConnection(await fixture.App.GetConnectionStringAsync("telemetrydb"));
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var command = new NpgsqlCommand("SELECT features::text FROM prediction_samples WHERE model = $1 AND version = $2", connection)
            {
                Parameters = { new() { Value = model }, new() { Value = version } },
            };
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add(reader.GetString(0));
                }
            }
            if (rows.Count >= atLeast)
            {
                return rows;
            }
            Assert.True(DateTime.UtcNow < deadline, $"observability holds {rows.Count} samples of {model} v{version}, expected at least {atLeast}");
            await Task.Delay(200);
        }
    }
}
