using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Reference.Hosting;
using Reference.Hosting.Testing;
using Reference.ServiceDefaults.Persistence;

namespace Reference.ServiceDefaults.Tests.Persistence;

/// <summary>One real PostgreSQL server for the class; each test gets its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private DistributedApplication? app;
    private string serverConnection = string.Empty;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddPostgres("pg");
        app = builder.Build();
        await app.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        serverConnection = await app.GetConnectionStringAsync("pg");
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>A fresh database with the platform's and the test assembly's migrations applied.</summary>
    public async Task<NpgsqlDataSource> CreateMigratedDatabaseAsync()
    {
        var dataSource = await CreateDatabaseAsync();
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(typeof(PostgresFixture).Assembly, CancellationToken.None);
        return dataSource;
    }

    public async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(serverConnection + ";Database=postgres"))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }

        return NpgsqlDataSource.Create(serverConnection + $";Database={name}");
    }
}
