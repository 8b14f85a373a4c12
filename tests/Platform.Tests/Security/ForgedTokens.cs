using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reference.Hosting;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.Security;

// Tokens that every service must refuse, each wrong in one way only: otherwise shaped as the AppHost's token verb
// mints them (iss, aud, sub, role, iat, nbf, exp, jti), with the admin role so that a refusal is never about the role.
public static class ForgedTokens
{
    public const string OtherKey = "a-different-signing-key-0123456789-0123456789-abcdefghijklmnopq";

    public static IReadOnlyDictionary<string, string?> All { get; } = new Dictionary<string, string?>
    {
        ["no token"] = null,
        ["expired"] = Hs256(PlatformFixture.SigningKey, issuedAt: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1)),
        ["signed with another key"] = Hs256(OtherKey),
        ["wrong audience"] = Hs256(PlatformFixture.SigningKey, audience: "another-platform"),
        ["wrong issuer"] = Hs256(PlatformFixture.SigningKey, issuer: "someone-else"),
        ["alg none"] = Unsigned(),
        // The right key, but an algorithm the services do not accept: only HS256 is.
        ["HS512 with the platform key"] = Hs512(PlatformFixture.SigningKey),
        ["not a JWT"] = "not-a-token",
    };

    public static string Hs256(string key, string issuer = IdentityBuilderExtensions.DefaultIssuer, string audience = IdentityBuilderExtensions.DefaultAudience,
        DateTimeOffset? issuedAt = null, TimeSpan? lifetime = null)
    {
        var unsigned = Encode(new { alg = "HS256", typ = "JWT" }) + "." + Payload(issuer, audience, issuedAt, lifetime);
        return unsigned + "." + Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(unsigned)));
    }

    public static string Hs512(string key)
    {
        var unsigned = Encode(new { alg = "HS512", typ = "JWT" }) + "." + Payload(IdentityBuilderExtensions.DefaultIssuer, IdentityBuilderExtensions.DefaultAudience, null, null);
        return unsigned + "." + Base64Url(HMACSHA512.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(unsigned)));
    }

    // A token that names no algorithm and has no signature: accepting it would let anyone claim any role.
    public static string Unsigned() =>
        Encode(new { alg = "none", typ = "JWT" }) + "." + Payload(IdentityBuilderExtensions.DefaultIssuer, IdentityBuilderExtensions.DefaultAudience, null, null) + ".";

    private static string Payload(string issuer, string audience, DateTimeOffset? issuedAt, TimeSpan? lifetime)
    {
        var iat = issuedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        var exp = iat + (lifetime ?? TimeSpan.FromHours(1));
        return Encode(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = "forger", ["role"] = "admin", ["clearance"] = "restricted",
            ["iat"] = iat.ToUnixTimeSeconds(), ["nbf"] = iat.ToUnixTimeSeconds(), ["exp"] = exp.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString("N"),
        });
    }

    private static string Encode(object value) => Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
