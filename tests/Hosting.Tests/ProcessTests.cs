using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Reference.Hosting.Orchestration;
using Reference.Hosting.Testing;

namespace Reference.Hosting.Tests;

public class ProcessTests
{
    [Fact]
    public async Task Every_reference_kind_is_injected_with_aspire_names_replicas_included()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var db = builder.AddPostgres("pg").AddDatabase("appdb", "application");
        var cache = builder.AddRedis("cache");
        var secret = builder.AddParameter("api-key", secret: true);
        var backend = builder.AddProject<Projects.Reference_SampleService>("backend").WithReplicas(2).WithHttpHealthCheck("/health");
        var frontend = builder.AddProject<Projects.Reference_SampleService>("frontend")
            .WithReference(db).WithReference(cache).WithReference(backend)
            .WithEnvironment("API_KEY", secret)
            .WithEnvironment("BACKEND_URL", backend.GetEndpoint())
            .WithEnvironment("PLAIN", "value")
            .WaitFor(db).WaitFor(cache).WaitFor(backend)
            .WithHttpHealthCheck("/health");
        builder.AddProject<Projects.Reference_SampleService>("telemetry").WithOtlpReceiver().WithHttpHealthCheck("/health");
        await using var app = builder.Build();
        await app.StartAsync(Timeouts.Start);

        using var client = app.CreateHttpClient("frontend");
        var env = (await client.GetFromJsonAsync<Dictionary<string, string?>>("/env"))!;

        Assert.Equal(app.GetEndpoint("backend", replica: 0), env["services__backend__http__0"]);
        Assert.Equal(app.GetEndpoint("backend", replica: 1), env["services__backend__http__1"]);
        Assert.NotEqual(env["services__backend__http__0"], env["services__backend__http__1"]);
        Assert.Equal(await app.GetConnectionStringAsync("appdb"), env["ConnectionStrings__appdb"]);
        Assert.Contains("Database=application", env["ConnectionStrings__appdb"]);
        Assert.Matches(@"^127\.0\.0\.1:\d+,password=\w+$", env["ConnectionStrings__cache"]!);
        Assert.Equal(64, env["API_KEY"]!.Length);
        Assert.Equal(env["services__backend__http__0"], env["BACKEND_URL"]);
        Assert.Equal("value", env["PLAIN"]);
        Assert.Equal(app.GetEndpoint("frontend"), env["ASPNETCORE_URLS"]);
        Assert.Equal("frontend", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=frontend-0", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(app.GetEndpoint("telemetry"), env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);

        // Each replica is its own process on its own port.
        using var replica1 = app.CreateHttpClient("backend", replica: 1);
        var replicaEnv = (await replica1.GetFromJsonAsync<Dictionary<string, string?>>("/env"))!;
        Assert.Equal("service.instance.id=backend-1", replicaEnv["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal(2, app.ResourceNotifications.Get("backend").Pids.Distinct().Count());

        // The OTLP receiver does not export to itself; as the dashboard it gets the login token, run state and logs.
        using var telemetry = app.CreateHttpClient("telemetry");
        var receiverEnv = (await telemetry.GetFromJsonAsync<Dictionary<string, string?>>("/env"))!;
        Assert.False(receiverEnv.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.Equal(32, receiverEnv["Dashboard__BrowserToken"]!.Length);
        Assert.Equal(Path.Combine(app.StateDirectory, "run", "resources.json"), receiverEnv["Dashboard__RunStateFile"]);
        Assert.True(File.Exists(Path.Combine(receiverEnv["Dashboard__LogsDirectory"]!, "telemetry.log")));
        Assert.False(env.ContainsKey("Dashboard__BrowserToken"));

        // endpoints.json lists every resource, readable by the owner only.
        var endpoints = Path.Combine(app.StateDirectory, "run", "endpoints.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(endpoints));
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(endpoints)).RootElement.GetProperty("resources");
        Assert.Equal(env["ConnectionStrings__appdb"], json.GetProperty("appdb").GetProperty("connectionString").GetString());
        Assert.Equal(2, json.GetProperty("backend").GetProperty("urls").GetArrayLength());

        // After ready, the file follows state changes.
        app.KillReplica("backend", 1);
        await app.ResourceNotifications.WaitForResourceAsync("backend", s => s.Restarts == 1 && s.IsHealthy, Timeouts.Short);
        await Timeouts.WaitUntilAsync(() => File.ReadAllText(endpoints).Contains(app.ResourceNotifications.Get("backend").Pids.Last().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(10), "endpoints.json shows the restarted replica's pid");
    }

    [Fact]
    public async Task A_dependent_never_starts_before_what_it_waits_for_is_healthy()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var db = builder.AddPostgres("pg").AddDatabase("db");
        var migrate = builder.AddExecutable("migrate", "/bin/sh", "/", "-c", "sleep 0.5; echo migrated");
        var api = builder.AddProject<Projects.Reference_SampleService>("api").WithHttpHealthCheck("/health").WithReference(db).WaitFor(db);
        builder.AddProject<Projects.Reference_SampleService>("web").WithReference(api).WaitFor(api).WaitForCompletion(migrate);
        await using var app = builder.Build();
        var events = new List<(string Name, string State)>();
        app.ResourceNotifications.Changed += s => { lock (events) { events.Add((s.Name, s.State)); } };

        await app.StartAsync(Timeouts.Start);

        int First(string name, string state) => events.FindIndex(e => e.Name == name && e.State == state);
        lock (events)
        {
            Assert.True(First("pg", "Healthy") < First("db", "Healthy"));
            Assert.True(First("db", "Healthy") < First("api", "Starting"));
            Assert.True(First("api", "Healthy") < First("web", "Starting"));
            Assert.True(First("migrate", "Finished") < First("web", "Starting"));
            Assert.True(First("migrate", "Finished") >= 0);
        }
    }

    [Fact]
    public async Task A_crashed_process_is_reported_and_restarted_while_its_dependents_keep_running()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var api = builder.AddProject<Projects.Reference_SampleService>("api").WithHttpHealthCheck("/health");
        builder.AddProject<Projects.Reference_SampleService>("web").WithReference(api).WaitFor(api).WithHttpHealthCheck("/health");
        await using var app = builder.Build();
        await app.StartAsync(Timeouts.Start);
        var before = app.ResourceNotifications.Get("api").Pids.Single();
        var webPid = app.ResourceNotifications.Get("web").Pids.Single();
        var states = new List<string>();
        app.ResourceNotifications.Changed += s => { if (s.Name == "api") { lock (states) { states.Add(s.State); } } };

        using var client = app.CreateHttpClient("api");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.PostAsync("/crash", null));

        var after = await app.ResourceNotifications.WaitForResourceAsync("api", s => s.IsHealthy && s.Restarts == 1, Timeouts.Short);
        Assert.NotEqual(before, after.Pids.Single());
        Assert.False(Timeouts.IsAlive(before));
        lock (states)
        {
            Assert.Contains("Exited", states);
        }

        Assert.Equal(3, after.Instances.Single().ExitCode ?? 3);
        Assert.Equal(webPid, app.ResourceNotifications.Get("web").Pids.Single());
        Assert.True(app.ResourceNotifications.Get("web").IsHealthy);
        Assert.Contains("crashing on request", File.ReadAllText(Path.Combine(app.StateDirectory, "run", "logs", "api.log")));
    }

    [Fact]
    public async Task A_process_that_keeps_crashing_is_given_up_on_after_five_restarts_with_a_clear_message()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddExecutable("crasher", "/bin/sh", "/", "-c", "echo giving up >&2; exit 7").WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/health");
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(Timeouts.Start));

        Assert.Contains("'crasher' kept exiting", error.Message);
        Assert.Contains("exit code 7", error.Message);
        var snapshot = app.ResourceNotifications.Get("crasher");
        Assert.Equal(KnownResourceStates.FailedToStart, snapshot.State);
        Assert.Equal(5, snapshot.Restarts);
        Assert.Contains("exited unexpectedly with code 7", File.ReadAllText(Path.Combine(app.StateDirectory, "run", "logs", "hosting.log")));
    }

    [Fact]
    public async Task A_port_in_use_gives_one_clear_message()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = DistributedApplicationTestingBuilder.Create(new TestingOptions { RandomizePorts = false });
        builder.AddProject<Projects.Reference_SampleService>("api").WithHttpEndpoint(port);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync(Timeouts.Start));

        Assert.Equal($"Port {port} for resource 'api' (endpoint 'http') is already in use. Stop the program that uses it, or give the resource another port with WithHttpEndpoint(port: …) in the AppHost.", error.Message);
    }

    [Fact]
    public async Task Stop_goes_in_reverse_dependency_order()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        var db = builder.AddPostgres("pg").AddDatabase("db");
        builder.AddProject<Projects.Reference_SampleService>("api").WithReference(db).WaitFor(db).WithHttpHealthCheck("/health");
        var app = builder.Build();
        await app.StartAsync(Timeouts.Start);
        var stopped = new List<string>();
        app.ResourceNotifications.Changed += s => { if (s.State == KnownResourceStates.Stopped) { lock (stopped) { stopped.Add(s.Name); } } };

        await app.DisposeAsync();

        Assert.True(stopped.IndexOf("api") < stopped.IndexOf("db"));
        Assert.True(stopped.IndexOf("db") < stopped.IndexOf("pg"));
    }
}
