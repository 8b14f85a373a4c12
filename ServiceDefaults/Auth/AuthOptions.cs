using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Reference.ServiceDefaults;

// Bound from the "Auth" section (environment Auth__SigningKey, Auth__Authority, ...).
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const int MinimumSigningKeyBytes = 32;

    // Local mode: the HS256 key that the AppHost generates and injects; used as its UTF-8 bytes.
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "reference-platform";

    public string Audience { get; set; } = "reference-platform";

    // Cloud mode: an OpenID Connect authority (federated identity provider) whose metadata supplies the keys.
    public string? Authority { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public TimeSpan ServiceTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    // Services read data for the users they act for, so their tokens carry the top clearance by default.
    public DataClassification ServiceClearance { get; set; } = DataClassification.Restricted;

    public SymmetricSecurityKey? CreateSigningKey() =>
        string.IsNullOrEmpty(SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)) { KeyId = "local" };

    internal string? FindProblem()
    {
        if (string.IsNullOrWhiteSpace(SigningKey) && string.IsNullOrWhiteSpace(Authority))
        {
            return "Authentication is not configured. Set Auth:SigningKey (environment variable Auth__SigningKey; the AppHost generates one) " +
                "to validate locally issued HS256 tokens, or Auth:Authority (Auth__Authority) to validate tokens from an OpenID Connect identity provider.";
        }
        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < MinimumSigningKeyBytes)
        {
            return $"Auth:SigningKey is too short for HS256: use at least {MinimumSigningKeyBytes} characters.";
        }
        if (!string.IsNullOrWhiteSpace(Authority) && !Uri.TryCreate(Authority, UriKind.Absolute, out _))
        {
            return $"Auth:Authority '{Authority}' is not an absolute URL such as https://login.example.com/tenant/v2.0.";
        }
        return null;
    }
}
