namespace Reference.Cli.Connection;

public static class Roles
{
    public const string Viewer = "viewer";
    public const string MlEngineer = "ml-engineer";
    public const string Approver = "approver";
    public const string Admin = "admin";
}
