using System.Security.Claims;

namespace Reference.ServiceDefaults;

public static class ClearanceExtensions
{
    // The caller's clearance; a caller without a valid clearance claim may read public data only.
    public static DataClassification GetClearance(this ClaimsPrincipal principal) =>
        DataClassificationNames.TryParse(principal.FindFirst(PlatformClaims.Clearance)?.Value, out var clearance)
            ? clearance
            : DataClassification.Public;

    public static bool HasClearanceFor(this ClaimsPrincipal principal, DataClassification classification) =>
        principal.GetClearance() >= classification;
}
