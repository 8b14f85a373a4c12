using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class ErrorHandlingTests(ErrorHandlingTests.ModelsService service) : IClassFixture<ErrorHandlingTests.ModelsService>
{
    private readonly string _token = TestTokens.Create([Roles.Admin]);

    [Fact]
    public async Task Malformed_json_is_a_400_problem_that_says_why()
    {
        var response = await SendAsync(HttpMethod.Post, "/models", "{\"name\": ");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unbindable_query_parameter_is_a_400_problem()
    {
        var response = await SendAsync(HttpMethod.Get, "/models?pageSize=many", null);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("pageSize", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Oversize_body_is_a_413_problem()
    {
        var response = await SendAsync(HttpMethod.Post, "/models", $"{{\"name\": \"{new string('x', 8 * 1024)}\"}}");

        await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Validation_problem_lists_errors_per_field()
    {
        var response = await SendAsync(HttpMethod.Post, "/models", "{\"name\": \"\"}");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Name is required.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Unexpected_exception_is_a_500_problem_without_internals()
    {
        var response = await SendAsync(HttpMethod.Get, "/boom", null);

        await Problem.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("connection string", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Empty_not_found_becomes_a_404_problem()
    {
        await Problem.ReadAsync(await SendAsync(HttpMethod.Get, "/models/unknown", null), HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json)
    {
        var request = TestTokens.Request(method, path, _token);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return service.App.Client.SendAsync(request);
    }

    public sealed record NewModel(string Name);

    public sealed class ModelsService : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await TestApp.StartServiceAsync(
            app =>
            {
                app.MapPost("/models", (NewModel model) =>
                {
                    var errors = new ValidationErrors();
                    if (string.IsNullOrWhiteSpace(model.Name))
                    {
                        errors.Add("name", "Name is required.");
                    }
                    return errors.IsEmpty ? Results.Ok(model) : errors.ToProblem();
                });
                app.MapGet("/models", (int pageSize) => pageSize);
                app.MapGet("/models/{name}", (string name) => Results.NotFound());
                app.MapGet("/boom", string () => throw new InvalidOperationException("connection string leaked"));
            },
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1024));

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}

/// <summary>In Development ASP.NET Core's developer exception page comes first; bad input must still be a 400 problem.</summary>
public sealed class DevelopmentErrorHandlingTests : IAsyncLifetime
{
    private TestApp app = null!;

    public async Task InitializeAsync() => app = await TestApp.StartServiceAsync(
        web =>
        {
            web.MapPost("/parse", async (HttpRequest request) =>
                System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(await new StreamReader(request.Body).ReadToEndAsync()));
            web.MapGet("/boom", string () => throw new InvalidOperationException("a real fault"));
        },
        environment: "Development");

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_json_exception_thrown_by_a_handler_is_a_400_problem_not_the_developer_page()
    {
        var request = TestTokens.Request(HttpMethod.Post, "/parse", TestTokens.Create([Roles.Admin]));
        request.Content = new StringContent("{\"a\": ", Encoding.UTF8, "application/json");

        var problem = await Problem.ReadAsync(await app.Client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_real_fault_still_gets_the_developer_page_in_development()
    {
        var response = await app.Client.SendAsync(TestTokens.Request(HttpMethod.Get, "/boom", TestTokens.Create([Roles.Admin])));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("a real fault", await response.Content.ReadAsStringAsync());
    }
}
