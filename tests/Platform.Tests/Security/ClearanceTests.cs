using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// Feature values leave the platform only for callers cleared for the view's classification: the feature store's
// historical and online retrieval, and serving's entity scoring when it echoes the features. Below it: 403 and no
// value in the answer; at or above it: the values.
[Collection(PlatformCollection.Name)]
public sealed class ClearanceTests(PlatformFixture platform)
{
    // The view is confidential; no clearance claim counts as public.
    private static readonly string?[] Below = [null, "public", "internal"];
    private static readonly string[] AtOrAbove = ["confidential", "restricted"];

    [Fact]
    public async Task Historical_retrieval_of_a_confidential_view_needs_confidential_clearance()
    {
        var view = new ConfidentialView(platform);
        await view.CreateAsync();
        var body = new
        {
            entityRows = ConfidentialView.Accounts.Select(a => new Dictionary<string, object> { [ConfidentialView.JoinKey] = a, ["event_timestamp"] = DateTimeOffset.UtcNow }),
            features = view.Features,
        };
        await AssertClearanceAsync(view, "feature-store", "data-scientist", "/api/historical-features", body);
    }

    [Fact]
    public async Task Online_retrieval_of_a_confidential_view_needs_confidential_clearance()
    {
        var view = new ConfidentialView(platform);
        await view.CreateAsync();
        var body = new { features = view.Features, entities = new Dictionary<string, string[]> { [ConfidentialView.JoinKey] = ConfidentialView.Accounts } };
        await AssertClearanceAsync(view, "feature-store", "ml-engineer", "/api/online-features", body);
    }

    [Fact]
    public async Task Scoring_echoes_features_only_to_callers_cleared_for_them_and_scores_for_anyone()
    {
        // A use-case model that serving serves in this topology; the test owns its feature view and versions.
        const string Model = "demand-forecaster";
        var view = new ConfidentialView(platform);
        await view.CreateAsync();
        var version = await view.PromoteModelAsync(Model);
        using (var serving = view.Caller("serving", "viewer", "restricted"))
        {
            await WaitForChampionAsync(serving, Model, version);
        }

        var entities = new Dictionary<string, string[]> { [ConfidentialView.JoinKey] = ConfidentialView.Accounts };
        await AssertClearanceAsync(view, "serving", "viewer", $"/api/predict/{Model}", new { entities, includeFeatures = true });

        // Without the features a score is a model output: any role gets it, whatever its clearance, and no values.
        using var uncleared = view.Caller("serving", "viewer", "public");
        using var scored = await uncleared.PostAsJsonAsync($"/api/predict/{Model}", new { entities, includeFeatures = false });
        var text = await scored.Content.ReadAsStringAsync();
        Assert.True(scored.StatusCode == HttpStatusCode.OK, text);
        Assert.Contains(version.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.DoesNotContain(ConfidentialView.Telltales, text.Contains);
    }

    private static async Task AssertClearanceAsync(ConfidentialView view, string service, string role, string path, object body)
    {
        foreach (var clearance in Below)
        {
            using var client = view.Caller(service, role, clearance);
            using var response = await client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path} with clearance {clearance ?? "(none)"}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(ConfidentialView.Telltales, text.Contains);
        }
        foreach (var clearance in AtOrAbove)
        {
            using var client = view.Caller(service, role, clearance);
            using var response = await client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} with clearance {clearance}: {(int)response.StatusCode} {text}");
            Assert.All(ConfidentialView.Telltales, value => Assert.Contains(value, text));
        }
    }

    // Polls serving's model metadata (the condition itself) until it names the version as the champion.
    private static async Task WaitForChampionAsync(HttpClient serving, string model, int version)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await serving.GetAsync($"/v2/models/{model}", deadline.Token);
            if (response.IsSuccessStatusCode
                && JsonNode.Parse(await response.Content.ReadAsStringAsync(deadline.Token))?["parameters"]?["version"]?.GetValue<string>() == version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return;
            }
            await Task.Delay(100, deadline.Token);
        }
    }
}
