using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Reference.ServiceDefaults;

// Mints short-lived HS256 tokens (role "service", subject = this service) with the local signing key,
// so that services can call each other. Tokens are reused until shortly before they expire.
public sealed class ServiceTokenIssuer
{
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly SigningCredentials? _credentials;
    private readonly JsonWebTokenHandler _handler = new();
    private volatile IssuedToken? _current;

    public ServiceTokenIssuer(IOptions<AuthOptions> options, IConfiguration configuration, IHostEnvironment environment, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var key = _options.CreateSigningKey();
        _credentials = key is null ? null : new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        ServiceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : environment.ApplicationName;
    }

    public string ServiceName { get; }

    public bool CanIssue => _credentials is not null;

    public string Issue()
    {
        var now = _time.GetUtcNow();
        var current = _current;
        if (current is not null && now < current.RenewAt)
        {
            return current.Token;
        }

        var credentials = _credentials ?? throw new InvalidOperationException(
            "Service tokens need Auth:SigningKey (environment variable Auth__SigningKey).");
        var expires = now + _options.ServiceTokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.Subject] = ServiceName,
                [PlatformClaims.Role] = Roles.Service,
                [PlatformClaims.Clearance] = _options.ServiceClearance.ToName(),
            },
        });
        _current = new IssuedToken(token, now + (_options.ServiceTokenLifetime * 0.8));
        return token;
    }

    private sealed record IssuedToken(string Token, DateTimeOffset RenewAt);
}
