using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reference.ServiceDefaults.Tests.Support;

namespace Reference.ServiceDefaults.Tests;

// Cloud mode: Auth:Authority points at an OpenID Connect provider, here a local Kestrel app serving metadata and keys.
public sealed class FederatedAuthTests
{
    [Fact]
    public async Task Tokens_from_the_configured_identity_provider_are_accepted_and_local_ones_are_not()
    {
        using var rsa = RSA.Create(2048);
        await using var identityProvider = await StartIdentityProviderAsync(rsa);
        var authority = identityProvider.BaseAddress.ToString().TrimEnd('/');
        await using var service = await TestApp.StartServiceAsync(
            app => app.MapGet("/models", (ClaimsPrincipal user) => user.Identity!.Name).RequireAuthorization(Policies.Viewer),
            new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = "",
                ["Auth:Authority"] = authority,
                ["Auth:RequireHttpsMetadata"] = "false",
            });

        var federated = await service.Client.SendAsync(TestTokens.Request(HttpMethod.Get, "/models", IdentityProviderToken(rsa, authority)));
        var local = await service.Client.SendAsync(TestTokens.Request(HttpMethod.Get, "/models", TestTokens.Create([Roles.Viewer])));

        Assert.Equal(HttpStatusCode.OK, federated.StatusCode);
        Assert.Equal("carol@contoso.example", await federated.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, local.StatusCode);
    }

    private static Task<TestApp> StartIdentityProviderAsync(RSA rsa)
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return TestApp.StartBackendAsync(app =>
        {
            var issuer = () => app.Urls.Single().TrimEnd('/');
            app.MapGet("/.well-known/openid-configuration", () => new Dictionary<string, string>
            {
                ["issuer"] = issuer(),
                ["jwks_uri"] = $"{issuer()}/keys",
            });
            app.MapGet("/keys", () => new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = "idp-key",
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                        ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
    }

    private static string IdentityProviderToken(RSA rsa, string issuer) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "reference-platform",
        Expires = DateTime.UtcNow.AddMinutes(5),
        Claims = new Dictionary<string, object> { ["sub"] = "carol@contoso.example", ["role"] = Roles.Viewer },
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = "idp-key" }, SecurityAlgorithms.RsaSha256),
    });
}
