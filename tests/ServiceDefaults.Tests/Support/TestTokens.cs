using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using System.Text;

namespace Reference.ServiceDefaults.Tests.Support;

internal static class TestTokens
{
    public const string SigningKey = "test-signing-key-for-reference-platform-0123456789";

    public static string Create(
        string[] roles,
        string? clearance = null,
        string subject = "alice",
        DateTime? expires = null,
        string signingKey = SigningKey,
        string audience = "reference-platform")
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(5);
        var claims = new Dictionary<string, object> { ["sub"] = subject };
        if (roles.Length > 0)
        {
            claims["role"] = roles.Length == 1 ? roles[0] : roles;
        }
        if (clearance is not null)
        {
            claims["clearance"] = clearance;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "reference-platform",
            Audience = audience,
            IssuedAt = expiry.AddMinutes(-10),
            NotBefore = expiry.AddMinutes(-10),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        return request;
    }
}
