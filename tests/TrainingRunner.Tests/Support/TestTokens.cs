using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Reference.TrainingRunner.Tests.Support;

// HS256 tokens signed with the key the fixture gives the AppHost, as the platform's local issuer makes them.
internal static class TestTokens
{
    public const string SigningKey = "training-runner-tests-signing-key-0123456789-0123456789-abcdefgh";

    public static string Create(string role, string subject, string clearance)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "reference-platform",
            Audience = "reference-platform",
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = role, ["clearance"] = clearance },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
