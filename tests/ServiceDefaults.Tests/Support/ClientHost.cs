using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reference.ServiceDefaults.Tests.Support;

// A non-web host with the service defaults, for outgoing HttpClient behaviour.
internal sealed class ClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClientHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<ClientHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = TestApp.ApplicationName,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(TestSettings.WithDefaults(settings));
        builder.AddServiceDefaults();
        var host = builder.Build();
        await host.StartAsync();
        return new ClientHost(host);
    }

    public HttpClient CreateClient(string baseAddress)
    {
        var client = _host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        client.BaseAddress = new Uri(baseAddress);
        return client;
    }

    public HttpClient CreateClient(Uri baseAddress) => CreateClient(baseAddress.ToString());

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
