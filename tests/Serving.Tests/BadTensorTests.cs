using System.Net;
using System.Text;
using Reference.Serving.Tests.Support;

namespace Reference.Serving.Tests;

// A champion whose merchant-risk input is required: every malformed tensor is a 400 that says what is wrong,
// while a missing value where the model allows one is scored.
[Collection(ServingCollection.Name)]
public sealed class BadTensorTests(ServingFixture fixture) : IAsyncLifetime
{
    private static readonly string Model = ServingFixture.StrictModel;
    private static readonly SemaphoreSlim Promoted = new(1, 1);
    private static bool promoted;

    public async Task InitializeAsync()
    {
        await Promoted.WaitAsync();
        try
        {
            if (!promoted)
            {
                var model = fixture.Champions.Train("logistic", requiredInputs: [FraudFeatures.MerchantRisk]);
                var version = await fixture.Champions.PromoteAsync(Model, model);
                await fixture.WaitOnBothReplicasAsync(Model, version);
                promoted = true;
            }
        }
        finally
        {
            Promoted.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "wrong shape", Body(count: 2, shape: 3), "has 2 values but its shape says 3" },
        { "batch sizes differ", """{"inputs":[{"name":"card_txn_stats__amount_avg_24h","datatype":"FP64","shape":[2],"data":[1,2]},{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[1],"data":[0.5]}]}""", "same batch size" },
        { "wrong datatype", """{"inputs":[{"name":"card_txn_stats__amount_avg_24h","datatype":"BYTES","shape":[1],"data":["ten"]},{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[1],"data":[0.5]}]}""", "BYTES tensor cannot feed it" },
        { "unsupported datatype", """{"inputs":[{"name":"card_txn_stats__merchant_risk","datatype":"FP16","shape":[1],"data":[0.5]}]}""", "FP16" },
        { "value not of the datatype", """{"inputs":[{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[1],"data":[true]}]}""", "holds a boolean" },
        { "unknown input", """{"inputs":[{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[1],"data":[0.5]},{"name":"cvv","datatype":"FP64","shape":[1],"data":[1]}]}""", "Unknown input 'cvv'" },
        { "NaN in a required input", """{"inputs":[{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[2],"data":[0.5,"NaN"]}]}""", "missing (null or NaN) in row 1" },
        { "required input absent", """{"inputs":[{"name":"card_txn_stats__amount_avg_24h","datatype":"FP64","shape":[1],"data":[10]}]}""", "card_txn_stats__merchant_risk" },
        { "oversized batch", Body(count: ServingFixture.MaxBatchRows + 1, shape: ServingFixture.MaxBatchRows + 1), $"at most {ServingFixture.MaxBatchRows}" },
        { "malformed JSON", """{"inputs":[{"name":""", "not valid JSON" },
        { "no inputs", """{"id":"x"}""", "\"inputs\" is required" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_bad_tensor_is_refused_with_400_and_the_reason(string problem, string body, string reason)
    {
        using var serving = fixture.Serving();
        using var response = await serving.PostAsync($"/v2/models/{Model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.True(error["error"]!.GetValue<string>().Contains(reason, StringComparison.Ordinal), $"{problem}: {error["error"]}");
    }

    [Fact]
    public async Task A_missing_value_where_the_model_allows_one_is_scored()
    {
        using var serving = fixture.Serving();
        var body = """{"inputs":[{"name":"card_txn_stats__amount_avg_24h","datatype":"FP64","shape":[2],"data":[null,"NaN"]},{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[2],"data":[0.1,0.9]}]}""";
        using var response = await serving.PostAsync($"/v2/models/{Model}/infer", new StringContent(body, Encoding.UTF8, "application/json"));
        var result = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, result["outputs"]![0]!["data"]!.AsArray().Count);
    }

    private static string Body(int count, int shape) =>
        $$"""{"inputs":[{"name":"card_txn_stats__merchant_risk","datatype":"FP64","shape":[{{shape}}],"data":[{{string.Join(",", Enumerable.Repeat("0.5", count))}}]}]}""";
}
