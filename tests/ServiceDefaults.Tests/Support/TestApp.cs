using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults.Tests.Support;

// A real Kestrel app on 127.0.0.1 with an ephemeral port.
public sealed class TestApp : IAsyncDisposable
{
    public static readonly string ApplicationName = typeof(TestApp).Assembly.GetName().Name!;

    private TestApp(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    // A service with AddServiceDefaults and MapDefaultEndpoints; settings override TestSettings.Defaults.
    public static Task<TestApp> StartServiceAsync(
        Action<WebApplication> map,
        IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        string environment = "Production") =>
        StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(TestSettings.WithDefaults(settings));
                configure?.Invoke(builder);
                builder.AddServiceDefaults();
            },
            app =>
            {
                app.MapDefaultEndpoints();
                map(app);
            },
            environment);

    // A bare app: backends, receivers.
    public static async Task<TestApp> StartAsync(Action<WebApplicationBuilder> configure, Action<WebApplication> map, string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = ApplicationName,
            EnvironmentName = environment,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new TestApp(app);
    }

    public static Task<TestApp> StartBackendAsync(Action<WebApplication> map) => StartAsync(_ => { }, map);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
