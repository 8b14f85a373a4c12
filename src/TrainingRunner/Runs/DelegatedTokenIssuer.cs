using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reference.ServiceDefaults;
using Reference.TrainingRunner.Infrastructure;

namespace Reference.TrainingRunner.Runs;

// Who submitted a job, as their validated token said at submission.
public sealed record Submitter(string Subject, string Role, DateTimeOffset SubmittedAt);

// Acts for the person who submitted a job where the registry wants a person's role (creating the job's model,
// requesting the promotion of the job's own version): a 5-minute token with their subject and role and an "act" claim
// naming this service, as OAuth token exchange (RFC 8693) would issue. The rules (src/TrainingRunner/README.md):
// only for people in a delegable role, only within Training:DelegationWindow of the submission (a job retried days
// later does not carry someone's authority that long), and only with the local signing key. Jobs submitted by
// services (schedules, drift triggers, run-once jobs) get none, so a service identity never gains a person's rights.
public sealed class DelegatedTokenIssuer(IOptions<AuthOptions> options, IOptions<TrainingOptions> training, ServiceTokenIssuer service, TimeProvider time)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> DelegableRoles = [Roles.DataScientist, Roles.MlEngineer, Roles.Admin];

    public static bool CanActFor(string role) => DelegableRoles.Contains(role);

    // A token, or null and the reason the runner will not act for the submitter.
    public (string? Token, string Reason) IssueFor(Submitter submitter)
    {
        if (!CanActFor(submitter.Role))
        {
            return (null, $"it was submitted by '{submitter.Subject}' ({submitter.Role}), and the runner acts only for data scientists, ML engineers and admins");
        }
        var now = time.GetUtcNow();
        var window = training.Value.DelegationWindow;
        if (submitter.SubmittedAt != default && now - submitter.SubmittedAt > window)
        {
            return (null, $"it was submitted by '{submitter.Subject}' at {submitter.SubmittedAt:O}, more than the delegation window of {window} ago");
        }
        var key = options.Value.CreateSigningKey();
        if (key is null)
        {
            return (null, "this environment validates tokens from an identity provider (Auth:Authority), where the runner has no way to act for a person");
        }
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime + TokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [PlatformClaims.Subject] = submitter.Subject,
                [PlatformClaims.Role] = submitter.Role,
                ["act"] = new Dictionary<string, object> { ["sub"] = service.ServiceName },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, "acting for the submitter");
    }
}
