using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Reference.Cli.Connection;

// Who the CLI acts as. A token given with --token (or PLATFORM_TOKEN) is used for every call. Without one, the CLI
// signs short-lived tokens itself with the local platform's key (Auth__SigningKey, as the AppHost gives its
// resources, or .platform/secrets.json): as "platform-cli" for the work, and as "local-approver" for approvals, so
// that the registry's four-eyes rule holds locally too.
public sealed class Credentials
{
    public const string Operator = "platform-cli";
    public const string LocalApprover = "local-approver";
    private const string DefaultIssuer = "reference-platform";
    private const string SigningKeyName = "auth-signing-key";

    private readonly string? token;
    private readonly (string Key, string Issuer, string Audience)? signing;
    private readonly string? missing;

    private Credentials(string? token, (string, string, string)? signing, string? missing)
    {
        this.token = token;
        this.signing = signing;
        this.missing = missing;
    }

    public bool SignsLocally => token is null && signing is not null;

    public static Credentials Resolve(string? token, IReadOnlyDictionary<string, string> environment, string? stateDirectory)
    {
        token ??= environment.GetValueOrDefault("PLATFORM_TOKEN");
        if (!string.IsNullOrWhiteSpace(token))
        {
            return new Credentials(token.Trim(), null, null);
        }

        var issuer = environment.GetValueOrDefault("Auth__Issuer") ?? DefaultIssuer;
        var audience = environment.GetValueOrDefault("Auth__Audience") ?? DefaultIssuer;
        if (environment.GetValueOrDefault("Auth__SigningKey") is { Length: > 0 } key)
        {
            return new Credentials(null, (key, issuer, audience), null);
        }

        var secrets = stateDirectory is null ? null : Path.Combine(stateDirectory, "secrets.json");
        if (secrets is not null && File.Exists(secrets))
        {
            var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(secrets));
            if (stored?.GetValueOrDefault(SigningKeyName) is { Length: > 0 } localKey)
            {
                return new Credentials(null, (localKey, issuer, audience), null);
            }
        }

        return new Credentials(null, null,
            "No credentials: pass --token (mint one with `dotnet run --project AppHost -- token --role ml-engineer --clearance confidential`), " +
            "set PLATFORM_TOKEN, or run the CLI in the checkout whose .platform/ holds the local platform's signing key.");
    }

    // The bearer token for a call that needs this role; the given token when there is one.
    public string For(string role, string subject = Operator)
    {
        if (token is not null)
        {
            return token;
        }

        if (signing is not { } key)
        {
            throw new CliException(missing!);
        }

        return Mint(key.Key, key.Issuer, key.Audience, subject, role, "restricted", TimeSpan.FromHours(1));
    }

    internal static string Mint(string signingKey, string issuer, string audience, string subject, string role, string clearance, TimeSpan lifetime)
    {
        // Issued a minute back: a service whose clock is slightly behind must not see a token from the future.
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = subject, ["role"] = role, ["clearance"] = clearance,
            ["iat"] = now.ToUnixTimeSeconds(), ["nbf"] = now.ToUnixTimeSeconds(), ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        });
        var unsigned = Base64Url(header) + "." + Base64Url(payload);
        return unsigned + "." + Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(unsigned)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
