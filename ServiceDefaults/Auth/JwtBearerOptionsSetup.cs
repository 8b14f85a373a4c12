using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Reference.ServiceDefaults;

// Local mode validates HS256 tokens signed with Auth:SigningKey; with Auth:Authority it validates the
// identity provider's tokens (keys from its metadata) and, if a signing key is also set, local service tokens.
internal sealed class JwtBearerOptionsSetup(IOptions<AuthOptions> authOptions, TimeProvider time) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions options)
    {
        if (name == JwtBearerDefaults.AuthenticationScheme)
        {
            Configure(options);
        }
    }

    public void Configure(JwtBearerOptions options)
    {
        var auth = authOptions.Value;
        var authority = string.IsNullOrWhiteSpace(auth.Authority) ? null : auth.Authority;
        var signingKey = auth.CreateSigningKey();

        options.MapInboundClaims = false;
        options.TokenHandlers.Clear();
        options.TokenHandlers.Add(new ValidatedTokenCache(time) { MapInboundClaims = false });
        options.Authority = authority;
        options.Audience = auth.Audience;
        options.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            ValidAudience = auth.Audience,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = authority is null ? [SecurityAlgorithms.HmacSha256] : null,
            NameClaimType = PlatformClaims.Subject,
            RoleClaimType = PlatformClaims.Role,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}
