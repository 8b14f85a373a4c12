using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Runs;

// Acts for the person who submitted a job where the registry wants a person's role (creating a model, requesting a
// promotion): a short-lived token with their subject and role and an "act" claim naming this service, as OAuth
// token exchange (RFC 8693) would issue. Jobs submitted by services get none, so they never gain a person's rights.
public sealed class DelegatedTokenIssuer(IOptions<AuthOptions> options, ServiceTokenIssuer service, TimeProvider time)
{
    private static readonly HashSet<string> DelegableRoles = [Roles.DataScientist, Roles.MlEngineer, Roles.Admin];

    public static bool CanActFor(string role) => DelegableRoles.Contains(role);

    public string? IssueFor(string subject, string role)
    {
        var key = options.Value.CreateSigningKey();
        if (key is null || !CanActFor(role))
        {
            return null;
        }
        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.Subject] = subject,
                [PlatformClaims.Role] = role,
                ["act"] = new Dictionary<string, object> { ["sub"] = service.ServiceName },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
