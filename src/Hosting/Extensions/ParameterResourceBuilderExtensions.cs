using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

public static class ParameterResourceBuilderExtensions
{
    /// <summary>
    /// A value from configuration Parameters:{name}. A secret with no configured value is generated once and kept
    /// in the state folder for local runs; a plain parameter with no value is an error that names the key to set.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
    {
        var secrets = DistributedApplicationBuilder.From(builder).Secrets;
        return builder.AddResource(new ParameterResource(name, secret, () =>
            builder.Configuration[$"Parameters:{name}"]
            ?? (secret
                ? secrets.GetOrCreate(name)
                : throw new DistributedApplicationException(
                    $"Parameter '{name}' has no value. Set Parameters:{name} in AppHost/appsettings.json or the environment variable Parameters__{name}."))));
    }

    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string defaultValue) =>
        builder.AddResource(new ParameterResource(name, false, () => builder.Configuration[$"Parameters:{name}"] ?? defaultValue));
}
