using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Reference.FeatureStore.Definitions;
using Reference.ServiceDefaults;

namespace Reference.FeatureStore.Governance;

// Classification on every read of feature values, residency on every move of them into this location's online store.
public static class GovernanceRules
{
    // A 403 naming the first view above the caller's clearance, or null when all may be read.
    public static ProblemHttpResult? CheckClearance(ClaimsPrincipal user, IEnumerable<FeatureView> views)
    {
        var clearance = user.GetClearance();
        foreach (var view in views)
        {
            if (!user.HasClearanceFor(view.Classification))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Clearance too low",
                    detail: $"Feature view '{view.Name}' is classified {view.Classification.ToName()}; your clearance is {clearance.ToName()}. Ask for a token with clearance {view.Classification.ToName()} or above.",
                    extensions: new Dictionary<string, object?> { ["view"] = view.Name, ["classification"] = view.Classification.ToName(), ["clearance"] = clearance.ToName() });
            }
        }
        return null;
    }

    // A 422 naming the residency rule that keeps a view's data out of this jurisdiction, or null.
    public static ProblemHttpResult? CheckResidency(PlatformLocation location, IEnumerable<FeatureView> views)
    {
        foreach (var view in views)
        {
            if (view.Residency == Residency.Anywhere)
            {
                continue;
            }
            if (string.IsNullOrEmpty(location.Jurisdiction) || !Residency.Allows(view.Residency, location.Jurisdiction))
            {
                var here = string.IsNullOrEmpty(location.Jurisdiction) ? "an unknown jurisdiction (Platform:Jurisdiction is not set)" : $"jurisdiction '{location.Jurisdiction}'";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Residency forbids materializing here",
                    detail: $"Feature view '{view.Name}' has residency '{view.Residency}': its data may only be processed in {view.Residency}; this feature store runs in {here}{(location.Region is null ? "" : $" (region {location.Region})")}. Materialize it from a feature store deployed in {view.Residency}.",
                    extensions: new Dictionary<string, object?> { ["view"] = view.Name, ["rule"] = $"residency:{view.Residency}", ["jurisdiction"] = location.Jurisdiction });
            }
        }
        return null;
    }
}
