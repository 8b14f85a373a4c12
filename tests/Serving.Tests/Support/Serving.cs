using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reference.Serving.Tests.Support;

// Calls to the serving API, and waits on what it reports (polling its own endpoints: the condition, not a sleep).
internal static class ServingCalls
{
    public static async Task<HttpResponseMessage> InferAsync(this HttpClient serving, string model, object body, int? version = null)
    {
        var path = version is null ? $"/v2/models/{model}/infer" : $"/v2/models/{model}/versions/{version}/infer";
        return await serving.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    }

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    // One tensor per input, shape [batch], from model rows (txn count, amount, risk, channel code).
    public static object NamedTensors(IReadOnlyList<double[]> rows, string? id = null, string? entityKey = null) => new
    {
        id,
        parameters = entityKey is null ? null : new { entity_key = entityKey },
        inputs = new object[]
        {
            new { name = FraudFeatures.TxnCount, datatype = "INT64", shape = new[] { rows.Count }, data = rows.Select(r => (long)r[0]).ToArray() },
            new { name = FraudFeatures.AmountAvg, datatype = "FP64", shape = new[] { rows.Count }, data = rows.Select(r => r[1]).ToArray() },
            new { name = FraudFeatures.MerchantRisk, datatype = "FP32", shape = new[] { rows.Count }, data = rows.Select(r => r[2]).ToArray() },
            new { name = FraudFeatures.Channel, datatype = "BYTES", shape = new[] { rows.Count }, data = rows.Select(r => FraudFeatures.Channels[(int)r[3]]).ToArray() },
        },
    };

    // Until the replica serves version as the champion (its metadata names it), or, with loaded, has it loaded in any role.
    public static async Task WaitForVersionAsync(this HttpClient serving, string model, int version, bool loaded = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var path = loaded ? $"/v2/models/{model}/versions/{version}/ready" : $"/v2/models/{model}";
        var expected = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            using var response = await serving.GetAsync(path);
            if (response.IsSuccessStatusCode && (loaded || JsonNode.Parse(await response.Content.ReadAsStringAsync())!["parameters"]!["version"]!.GetValue<string>() == expected))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"serving did not load {model} v{version} within 60 s (last answer {(int)response.StatusCode})");
            await Task.Delay(100);
        }
    }

    public static async Task WaitOnBothReplicasAsync(this ServingFixture fixture, string model, int version, bool loaded = false)
    {
        for (var replica = 0; replica < 2; replica++)
        {
            using var serving = fixture.Serving(replica);
            await serving.WaitForVersionAsync(model, version, loaded);
        }
    }
}
