using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Commands;

/// <summary>
/// `dotnet run --project AppHost -- token --role ml-engineer --clearance confidential [--subject alice] [--lifetime 8h]`:
/// an HS256 JWT signed with the local environment's key, which every service accepts.
/// </summary>
internal static class TokenCommand
{
    public static readonly string[] Roles = ["viewer", "data-scientist", "ml-engineer", "approver", "admin", "service"];
    public static readonly string[] Clearances = ["public", "internal", "confidential", "restricted"];

    public static int Run(DistributedApplicationBuilder builder, TextWriter output)
    {
        var key = builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => p.OfAnnotation<JwtSigningKeyAnnotation>().Any())
            ?? throw new DistributedApplicationException("This AppHost has no signing key: add one with builder.AddJwtSigningKey() and give it to services with WithJwtSigningKey.");
        var settings = key.OfAnnotation<JwtSigningKeyAnnotation>().Last();

        var role = builder.Command.GetOption("role")
            ?? throw new DistributedApplicationException($"token needs --role, one of: {string.Join(", ", Roles)}.");
        if (!Roles.Contains(role))
        {
            throw new DistributedApplicationException($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles)}.");
        }

        var clearance = builder.Command.GetOption("clearance");
        if (clearance is not null && !Clearances.Contains(clearance))
        {
            throw new DistributedApplicationException($"Unknown clearance '{clearance}'. Use one of: {string.Join(", ", Clearances)}.");
        }

        var lifetime = Durations.Parse(builder.Command.GetOption("lifetime") ?? "8h", "--lifetime");
        var token = Mint(key.Value, settings.Issuer, settings.Audience, builder.Command.GetOption("subject") ?? role, role, clearance, lifetime, DateTimeOffset.UtcNow);
        output.WriteLine(token);
        return 0;
    }

    public static string Mint(string signingKey, string issuer, string audience, string subject, string role, string? clearance, TimeSpan lifetime, DateTimeOffset now)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["role"] = role,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        if (clearance is not null)
        {
            payload["clearance"] = clearance;
        }

        var unsigned = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
