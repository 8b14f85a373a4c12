using System.Security.Claims;
using Reference.ServiceDefaults;

namespace Reference.TrainingRunner.Triggers;

// The identity that schedules submit jobs under: this service, with the service role and top clearance (as
// service tokens carry), so it may read any view but never acts with a person's rights.
public static class ServicePrincipal
{
    public static ClaimsPrincipal For(string serviceName) => new(new ClaimsIdentity(
    [
        new Claim(PlatformClaims.Subject, serviceName),
        new Claim(PlatformClaims.Role, Roles.Service),
        new Claim(PlatformClaims.Clearance, DataClassification.Restricted.ToName()),
    ], "schedule", PlatformClaims.Subject, PlatformClaims.Role));
}
