namespace Reference.ServiceDefaults;

public static class Roles
{
    public const string Viewer = "viewer";
    public const string DataScientist = "data-scientist";
    public const string MlEngineer = "ml-engineer";
    public const string Approver = "approver";
    public const string Admin = "admin";
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Viewer, DataScientist, MlEngineer, Approver, Admin, Service];
}
