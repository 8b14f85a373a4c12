namespace Reference.ServiceDefaults;

public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Clearance = "clearance";
}
