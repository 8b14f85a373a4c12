using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reference.FeatureStore.Tests.Support;

// HS256 tokens as the AppHost's token verb mints them, signed with the key the test topology injects.
internal static class TestTokens
{
    public const string SigningKey = "feature-store-tests-signing-key-0123456789abcdef0123456789abcdef";

    public static string Create(string role, string clearance = "restricted", string subject = "tester")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = subject, ["role"] = role, ["clearance"] = clearance,
            ["iss"] = "reference-platform", ["aud"] = "reference-platform",
            ["iat"] = now - 60, ["nbf"] = now - 60, ["exp"] = now + 3600,
        }));
        var signature = Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningKey), Encoding.ASCII.GetBytes(header + "." + payload)));
        return header + "." + payload + "." + signature;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
