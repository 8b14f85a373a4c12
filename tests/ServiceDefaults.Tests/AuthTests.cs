using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

public sealed class AuthTests(AuthTests.ProtectedService service) : IClassFixture<AuthTests.ProtectedService>
{
    private readonly HttpClient _client = service.App.Client;

    [Fact]
    public async Task Request_without_token_gets_401_problem()
    {
        var response = await _client.GetAsync("/models");

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("bearer token", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Token_without_the_required_role_gets_403_problem_naming_the_roles()
    {
        var response = await SendAsync(HttpMethod.Post, "/promotions", TestTokens.Create([Roles.Viewer]));

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("approver", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(Roles.Approver)]
    [InlineData(Roles.Admin)]
    public async Task Token_with_the_required_role_or_admin_is_allowed(string role)
    {
        var response = await SendAsync(HttpMethod.Post, "/promotions", TestTokens.Create([role]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Roles_can_come_as_an_array()
    {
        var response = await SendAsync(HttpMethod.Post, "/promotions", TestTokens.Create([Roles.Viewer, Roles.Approver]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Any_platform_role_may_view()
    {
        foreach (var role in Roles.All)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/models", TestTokens.Create([role]))).StatusCode);
        }
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        var token = TestTokens.Create([Roles.Admin], expires: DateTime.UtcNow.AddMinutes(-5));

        var problem = await Problem.ReadAsync(await SendAsync(HttpMethod.Get, "/models", token), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_rejected()
    {
        var token = TestTokens.Create([Roles.Admin], signingKey: "another-signing-key-that-is-long-enough-0123456789");

        var problem = await Problem.ReadAsync(await SendAsync(HttpMethod.Get, "/models", token), HttpStatusCode.Unauthorized);
        Assert.Contains("signature", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_for_another_audience_is_rejected()
    {
        var token = TestTokens.Create([Roles.Admin], audience: "another-platform");

        await Problem.ReadAsync(await SendAsync(HttpMethod.Get, "/models", token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Endpoints_without_a_policy_need_an_authenticated_caller()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/me")).StatusCode);

        var response = await SendAsync(HttpMethod.Get, "/me", TestTokens.Create([], subject: "bob"));

        Assert.Equal("bob", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Inference_protocol_health_is_anonymous()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/ready")).StatusCode);
    }

    [Theory]
    [InlineData("confidential", "public", HttpStatusCode.OK)]
    [InlineData("confidential", "confidential", HttpStatusCode.OK)]
    [InlineData("confidential", "restricted", HttpStatusCode.Forbidden)]
    [InlineData(null, "public", HttpStatusCode.OK)]
    [InlineData(null, "internal", HttpStatusCode.Forbidden)]
    public async Task Reading_classified_data_needs_clearance_at_or_above_its_class(string? clearance, string classification, HttpStatusCode expected)
    {
        var response = await SendAsync(HttpMethod.Get, $"/features/{classification}", TestTokens.Create([Roles.DataScientist], clearance));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Service_tokens_are_accepted_for_service_endpoints()
    {
        var token = service.App.Services.GetRequiredService<ServiceTokenIssuer>().Issue();

        var response = await SendAsync(HttpMethod.Post, "/internal/refresh", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestApp.ApplicationName, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Startup_fails_with_a_clear_message_when_no_signing_key_or_authority_is_set()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestApp.StartServiceAsync(_ => { }, new Dictionary<string, string?> { ["Auth:SigningKey"] = "" }));

        Assert.Contains("Auth:SigningKey", failure.Message);
        Assert.Contains("Auth__SigningKey", failure.Message);
        Assert.Contains("Auth:Authority", failure.Message);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token) =>
        _client.SendAsync(TestTokens.Request(method, path, token));

    [Fact]
    public async Task A_token_used_again_keeps_its_identity_and_each_request_gets_its_own_copy()
    {
        var token = TestTokens.Create([Roles.Approver], subject: "carol");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("0", await (await SendAsync(HttpMethod.Get, "/claims", token)).Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/promotions", token)).StatusCode);
            Assert.Equal("carol", await (await SendAsync(HttpMethod.Get, "/me", token)).Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_token_that_validated_once_is_not_a_pass_for_a_forged_twin()
    {
        var genuine = TestTokens.Create([Roles.Viewer], subject: "dave");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/models", genuine)).StatusCode);

        // Same header and claims, signature bytes changed: a different token text that must be validated afresh.
        var parts = genuine.Split('.');
        var signature = parts[2].ToCharArray();
        signature[0] = signature[0] == 'A' ? 'B' : 'A';
        var forged = $"{parts[0]}.{parts[1]}.{new string(signature)}";

        await Problem.ReadAsync(await SendAsync(HttpMethod.Get, "/models", forged), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/models", genuine)).StatusCode);
    }

    public sealed class ProtectedService : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;

        public async Task InitializeAsync() => App = await TestApp.StartServiceAsync(app =>
        {
            app.MapGet("/models", () => "models").RequireAuthorization(Policies.Viewer);
            app.MapPost("/promotions", () => "promoted").RequireAuthorization(Policies.Approver);
            app.MapPost("/internal/refresh", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization(Policies.Service);
            app.MapGet("/me", (ClaimsPrincipal user) => user.Identity!.Name);
            // Changes its own principal: a validated token is reused across requests, its identity must not be.
            app.MapGet("/claims", (ClaimsPrincipal user) =>
            {
                var seen = user.FindAll("seen").Count();
                ((ClaimsIdentity)user.Identity!).AddClaim(new Claim("seen", "yes"));
                return seen;
            });
            app.MapGet("/v2/health/ready", () => "ready");
            app.MapGet("/features/{classification}", (string classification, ClaimsPrincipal user) =>
                user.HasClearanceFor(DataClassificationNames.Parse(classification)) ? Results.Ok() : Results.Forbid());
        });

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
