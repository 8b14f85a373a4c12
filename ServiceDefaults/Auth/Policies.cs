using Microsoft.AspNetCore.Authorization;

namespace Reference.ServiceDefaults;

// Named authorization policies; admin passes every one of them.
public static class Policies
{
    // Read access: any platform role.
    public const string Viewer = "Viewer";
    public const string DataScientist = "DataScientist";
    public const string MlEngineer = "MlEngineer";
    public const string Approver = "Approver";
    public const string Service = "Service";
    public const string Admin = "Admin";

    internal static AuthorizationBuilder AddPlatformPolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(Viewer, policy => policy.RequireRole(Roles.All))
        .AddPolicy(DataScientist, policy => policy.RequireRole(Roles.DataScientist, Roles.Admin))
        .AddPolicy(MlEngineer, policy => policy.RequireRole(Roles.MlEngineer, Roles.Admin))
        .AddPolicy(Approver, policy => policy.RequireRole(Roles.Approver, Roles.Admin))
        .AddPolicy(Service, policy => policy.RequireRole(Roles.Service, Roles.Admin))
        .AddPolicy(Admin, policy => policy.RequireRole(Roles.Admin));
}
