using Microsoft.AspNetCore.Builder;

namespace Reference.ServiceDefaults;

public static class RoleAuthorizationExtensions
{
    // For role combinations that no named policy covers, e.g. .RequireAnyRole(Roles.MlEngineer, Roles.Service).
    public static TBuilder RequireAnyRole<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole([.. roles, Roles.Admin]));
}
