using System.Text;
using System.Text.Json;
using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Publishing;

/// <summary>
/// aspire-manifest.json (schema aspire-8.0) for tools that read Aspire manifests: projects as project.v0, the
/// servers as container.v0 with the images run mode replaces by local processes, databases as value.v0 and
/// parameters as parameter.v0, with {resource.bindings.x.url} and {resource.connectionString} expressions.
/// </summary>
public static class AspireManifestWriter
{
    public const string PostgresImage = "docker.io/library/postgres:15";
    public const string RedisImage = "docker.io/library/redis:7.0";

    public static string Write(IEnumerable<IResource> resources, string manifestDirectory)
    {
        var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
        var model = resources.ToArray();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/aspire-8.0.json");
            json.WriteStartObject("resources");
            foreach (var resource in model)
            {
                json.WriteStartObject(resource.Name);
                switch (resource)
                {
                    case ProjectResource project:
                        json.WriteString("type", "project.v0");
                        json.WriteString("path", Path.GetRelativePath(manifestDirectory, project.Project.ProjectPath).Replace('\\', '/'));
                        WriteEnvironment(json, resource, model, context);
                        WriteBindings(json, resource);
                        break;
                    case ExecutableResource executable:
                        json.WriteString("type", "executable.v0");
                        json.WriteString("workingDirectory", Path.GetRelativePath(manifestDirectory, executable.WorkingDirectory).Replace('\\', '/'));
                        json.WriteString("command", executable.Command);
                        WriteArgs(json, resource.OfAnnotation<CommandLineArgsAnnotation>().SelectMany(a => a.Args));
                        WriteEnvironment(json, resource, model, context);
                        WriteBindings(json, resource);
                        break;
                    case PostgresServerResource postgres:
                        json.WriteString("type", "container.v0");
                        json.WriteString("connectionString", $"Host={{{postgres.Name}.bindings.tcp.host}};Port={{{postgres.Name}.bindings.tcp.port}};Username={postgres.UserName};Password={{{postgres.Password.Name}.value}}");
                        json.WriteString("image", PostgresImage);
                        json.WriteStartObject("env");
                        json.WriteString("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
                        json.WriteString("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256");
                        json.WriteString("POSTGRES_USER", postgres.UserName);
                        json.WriteString("POSTGRES_PASSWORD", $"{{{postgres.Password.Name}.value}}");
                        json.WriteEndObject();
                        WriteBindings(json, resource, targetPort: 5432);
                        break;
                    case PostgresDatabaseResource database:
                        json.WriteString("type", "value.v0");
                        json.WriteString("connectionString", $"{{{database.Server.Name}.connectionString}};Database={database.DatabaseName}");
                        break;
                    case RedisResource redis:
                        json.WriteString("type", "container.v0");
                        json.WriteString("connectionString", $"{{{redis.Name}.bindings.tcp.host}}:{{{redis.Name}.bindings.tcp.port}},password={{{redis.Password.Name}.value}}");
                        json.WriteString("image", RedisImage);
                        json.WriteString("entrypoint", "/bin/sh");
                        WriteArgs(json, ["-c", $"redis-server --requirepass $REDIS_PASSWORD{(redis.AppendOnly ? " --appendonly yes" : string.Empty)}"]);
                        json.WriteStartObject("env");
                        json.WriteString("REDIS_PASSWORD", $"{{{redis.Password.Name}.value}}");
                        json.WriteEndObject();
                        WriteBindings(json, resource, targetPort: 6379);
                        break;
                    case ParameterResource parameter:
                        json.WriteString("type", "parameter.v0");
                        json.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
                        json.WriteStartObject("inputs");
                        json.WriteStartObject("value");
                        json.WriteString("type", "string");
                        if (parameter.Secret)
                        {
                            json.WriteBoolean("secret", true);
                            json.WriteStartObject("default");
                            json.WriteStartObject("generate");
                            json.WriteNumber("minLength", 32);
                            json.WriteEndObject();
                            json.WriteEndObject();
                        }

                        json.WriteEndObject();
                        json.WriteEndObject();
                        break;
                    default:
                        throw new DistributedApplicationException($"Resource '{resource.Name}' ({resource.GetType().Name}) has no manifest form.");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteEnvironment(Utf8JsonWriter json, IResource resource, IResource[] model, DistributedApplicationExecutionContext context)
    {
        var env = EnvironmentBuilder.Build(resource, 0, model, context, externalOtlpEndpoint: null);
        if (resource is ProjectResource)
        {
            env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            env["HTTP_PORTS"] = $"{{{resource.Name}.bindings.http.targetPort}}";
        }

        json.WriteStartObject("env");
        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter json, IResource resource, int? targetPort = null)
    {
        json.WriteStartObject("bindings");
        foreach (var endpoint in resource.OfAnnotation<EndpointAnnotation>())
        {
            json.WriteStartObject(endpoint.Name);
            json.WriteString("scheme", endpoint.Scheme);
            json.WriteString("protocol", "tcp");
            json.WriteString("transport", endpoint.Scheme == "tcp" ? "tcp" : "http");
            if (targetPort is not null)
            {
                json.WriteNumber("targetPort", targetPort.Value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteArgs(Utf8JsonWriter json, IEnumerable<string> args)
    {
        var list = args.ToArray();
        if (list.Length == 0)
        {
            return;
        }

        json.WriteStartArray("args");
        foreach (var arg in list)
        {
            json.WriteStringValue(arg);
        }

        json.WriteEndArray();
    }
}
