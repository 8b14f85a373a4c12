using Microsoft.Extensions.Configuration;

namespace Reference.ServiceDefaults;

internal static class ConnectionStrings
{
    public static string GetRequired(IConfiguration configuration, string connectionName) =>
        configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing. Set configuration key 'ConnectionStrings:{connectionName}' " +
                $"(environment variable 'ConnectionStrings__{connectionName}'); the AppHost sets it for each referenced database or cache.");
}
