using System.Net;
using System.Net.Http.Json;
using System.Text;
using Reference.ModelRegistry.Client;
using Reference.ModelRegistry.Tests.Support;

namespace Reference.ModelRegistry.Tests;

[Collection(RegistryCollection.Name)]
public sealed class ModelsApiTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_model_is_created_read_updated_and_deleted()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("crud");
        var created = await Registry.CreateModelAsync(client, name, new() { ["team"] = "risk" }, "fraud");
        Assert.Equal(name, created.Name);
        Assert.Equal(0, created.LatestVersion);

        var patched = await client.PatchAsJsonAsync($"/api/models/{name}", new UpdateModelRequest("new words", new() { ["team"] = null, ["tier"] = "gold" }), Registry.Json);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var model = (await client.GetFromJsonAsync<RegisteredModel>($"/api/models/{name}", Registry.Json))!;
        Assert.Equal("new words", model.Description);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold" }, model.Tags);
        Assert.Equal("fraud", model.UseCase);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/models/{name}")).StatusCode);
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_combines_name_prefix_tag_filters_and_use_case_and_pages()
    {
        using var client = registry.Client("data-scientist");
        var prefix = RegistryFixture.UniqueName("srch");
        for (var i = 0; i < 5; i++)
        {
            await Registry.CreateModelAsync(client, $"{prefix}-{i}", new() { ["team"] = i % 2 == 0 ? "risk" : "growth", ["stage"] = "prod", ["n"] = $"{i}" }, i < 4 ? "fraud" : "churn");
        }

        var page = (await client.GetFromJsonAsync<Page<RegisteredModel>>($"/api/models?q={prefix}&tag=team:risk&tag=stage:prod&useCase=fraud", Registry.Json))!;
        Assert.Equal([$"{prefix}-0", $"{prefix}-2"], page.Items.Select(m => m.Name));

        var names = new List<string>();
        string? token = null;
        do
        {
            var next = (await client.GetFromJsonAsync<Page<RegisteredModel>>($"/api/models?q={prefix}&pageSize=2" + (token is null ? "" : $"&pageToken={token}"), Registry.Json))!;
            Assert.True(next.Items.Count <= 2);
            names.AddRange(next.Items.Select(m => m.Name));
            token = next.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}"), names);
    }

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_result_and_a_reused_key_with_another_body_is_refused()
    {
        using var client = registry.Client("ml-engineer");
        var name = RegistryFixture.UniqueName("idem");
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Post(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/models") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Post($$"""{"name":"{{name}}"}""");
        var second = await Post($$"""{"name":"{{name}}"}""");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());

        var problem = await Problem.AssertAsync(await Post($$"""{"name":"{{name}}-other"}"""), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("different request", problem.GetProperty("detail").GetString());
        await Problem.AssertAsync(await client.GetAsync($"/api/models/{name}-other"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name": "ok-name", """, HttpStatusCode.BadRequest)]
    [InlineData("""{"name": 42}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "x", "tags": ["a"]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "../x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "a/b"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "a..b"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "9lives"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": "ok", "tags": {"a:b": "c"}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"description": "no name"}""", HttpStatusCode.BadRequest)]
    public async Task Bad_model_requests_get_a_problem_and_create_nothing(string body, HttpStatusCode status)
    {
        using var client = registry.Client("ml-engineer");
        var before = await CountModelsAsync(client);
        var response = await client.PostAsync("/api/models", new StringContent(body, Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(response, status);
        Assert.Equal(before, await CountModelsAsync(client));
    }

    [Fact]
    public async Task Field_errors_name_the_field_that_is_wrong()
    {
        using var client = registry.Client("ml-engineer");
        var problem = await Problem.AssertAsync(await client.PostAsync("/api/models", new StringContent("""{"name": "../etc/passwd"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Other_bad_inputs_get_the_right_4xx()
    {
        using var client = registry.Client("ml-engineer");
        await Problem.AssertAsync(await client.PostAsync("/api/models", new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
        await Problem.AssertAsync(await client.GetAsync("/api/models/nope-" + Guid.NewGuid().ToString("N")[..8]), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await client.GetAsync("/api/models/..%2Fx"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync("/api/models?pageSize=0"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync("/api/models?pageSize=abc"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync("/api/models?pageToken=garbage"), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await client.GetAsync("/api/models?tag=novalue"), HttpStatusCode.BadRequest);
        var name = RegistryFixture.UniqueName("dup");
        await Registry.CreateModelAsync(client, name);
        await Problem.AssertAsync(await client.PostAsJsonAsync("/api/models", new CreateModelRequest(name), Registry.Json), HttpStatusCode.Conflict);
        await Problem.AssertAsync(await client.PatchAsync($"/api/models/{name}", new StringContent("""{"name":"renamed"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/models") { Content = JsonContent.Create(new CreateModelRequest(RegistryFixture.UniqueName("k")), options: Registry.Json) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));
        await Problem.AssertAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
    }

    private static async Task<int> CountModelsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<Page<RegisteredModel>>("/api/models?pageSize=1000", Registry.Json))!.Items.Count;
}
