using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

public static class ServerResourceBuilderExtensions
{
    /// <summary>A PostgreSQL server run from the local installation; its data folder survives restarts.</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        password ??= builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new PostgresServerResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation(PostgresServerResource.EndpointName, "tcp"));
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        builder.Resource.Databases.Add(database);
        return builder.ApplicationBuilder.AddResource(database).WaitFor(builder);
    }

    /// <summary>A Redis server run from redis-server; RDB snapshots by default (see WithPersistence).</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        password ??= builder.AddParameter($"{name}-password", secret: true);
        return builder.AddResource(new RedisResource(name, password.Resource))
            .WithAnnotation(new EndpointAnnotation(RedisResource.EndpointName, "tcp"));
    }

    /// <summary>Snapshot every <paramref name="interval"/> when at least <paramref name="keysChanged"/> keys changed; null interval turns persistence off.</summary>
    public static IResourceBuilder<RedisResource> WithPersistence(this IResourceBuilder<RedisResource> builder, TimeSpan? interval, int keysChanged = 1, bool appendOnly = false)
    {
        builder.Resource.SnapshotInterval = interval;
        builder.Resource.SnapshotKeysChanged = keysChanged;
        builder.Resource.AppendOnly = appendOnly;
        return builder;
    }
}
