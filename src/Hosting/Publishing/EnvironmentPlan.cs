using System.Text.RegularExpressions;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Publishing;

/// <summary>One key of a workload's Secret: the variable and what a person must put in it.</summary>
internal sealed record SecretKey(string Key, string Description, IResource? Server);

/// <summary>
/// A workload's environment in Kubernetes terms: the non-secret values for its ConfigMap (Aspire's names, with
/// in-cluster Service URLs and the cluster's collector) and the secret keys its Secret must hold (never a value).
/// </summary>
internal sealed partial record EnvironmentPlan(SortedDictionary<string, string> Values, IReadOnlyList<SecretKey> Secrets, IReadOnlyList<string> CalledServices)
{
    public const string CollectorEndpoint = "http://otel-collector:4318";

    public static EnvironmentPlan Of(ProjectResource project, IReadOnlyList<IResource> model, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
        var env = EnvironmentBuilder.Build(project, 0, model, context, externalOtlpEndpoint: null);
        env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        env["HTTP_PORTS"] = KubernetesObjects.HttpPort;

        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var secrets = new List<SecretKey>();
        var called = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (key == "OTEL_RESOURCE_ATTRIBUTES")
            {
                // Per pod: the Deployment sets it from the pod's name.
                continue;
            }

            if (key == "OTEL_EXPORTER_OTLP_ENDPOINT")
            {
                values[key] = CollectorEndpoint;
                continue;
            }

            var secret = SecretOf(key, value, model);
            if (secret is not null)
            {
                secrets.Add(secret);
                continue;
            }

            values[key] = Expression().Replace(value, m =>
            {
                var resource = model.FirstOrDefault(r => r.Name == m.Groups["name"].Value);
                return (resource, m.Groups["what"].Value) switch
                {
                    (ProjectResource p, var what) when what.StartsWith("bindings.", StringComparison.Ordinal) => ServiceUrl(p.Name, called),
                    (ParameterResource p, "value") => configuration[$"Parameters:{p.Name}"] ?? "",
                    _ => throw new DistributedApplicationException($"Resource '{project.Name}': environment variable {key} uses {m.Value}, which has no Kubernetes form."),
                };
            });
        }

        return new EnvironmentPlan(values, secrets, called.ToList());
    }

    /// <summary>The in-cluster URL of a service; an overlay replaces it when the service runs on another cluster.</summary>
    public static string InClusterUrl(string service) => $"http://{service}";

    private static string ServiceUrl(string service, SortedSet<string> called)
    {
        called.Add(service);
        return InClusterUrl(service);
    }

    private static SecretKey? SecretOf(string key, string value, IReadOnlyList<IResource> model)
    {
        foreach (Match m in Expression().Matches(value))
        {
            var resource = model.FirstOrDefault(r => r.Name == m.Groups["name"].Value);
            switch (resource, m.Groups["what"].Value)
            {
                case (PostgresDatabaseResource db, "connectionString"):
                    return new SecretKey(key, $"connection string of PostgreSQL database `{db.DatabaseName}` (`Host=…;Port=5432;Username=…;Password=…;Database={db.DatabaseName}`)", db.Server);
                case (PostgresServerResource server, "connectionString"):
                    return new SecretKey(key, "connection string of the PostgreSQL server (`Host=…;Port=5432;Username=…;Password=…`)", server);
                case (RedisResource redis, "connectionString"):
                    return new SecretKey(key, "connection string of the Redis cache (`host:6379,password=…`)", redis);
                case (ParameterResource { Secret: true } parameter, "value"):
                    return new SecretKey(key, $"the value of secret parameter `{parameter.Name}` (the same in every cluster)", null);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z][A-Za-z0-9-]*)\.(?<what>connectionString|value|bindings\.[a-z]+\.[A-Za-z]+)\}")]
    private static partial Regex Expression();
}
