using System.Text.Json;

namespace Reference.Cli.Connection;

// Where each service is, first found wins: --endpoint name=url, then the services__{name}__http__{i} variables the
// AppHost gives a resource, then .platform/run/endpoints.json that a local AppHost writes.
public sealed class ServiceEndpoints
{
    private readonly Dictionary<string, List<Uri>> urls = new(StringComparer.Ordinal);

    private ServiceEndpoints(string? endpointsFile) => EndpointsFile = endpointsFile;

    public string? EndpointsFile { get; }

    public static ServiceEndpoints Resolve(IReadOnlyList<string> overrides, IReadOnlyDictionary<string, string> environment, string? stateDirectory)
    {
        var file = stateDirectory is null ? null : Path.Combine(stateDirectory, "run", "endpoints.json");
        var endpoints = new ServiceEndpoints(file is not null && File.Exists(file) ? file : null);
        foreach (var item in overrides)
        {
            var separator = item.IndexOf('=', StringComparison.Ordinal);
            if (separator < 1 || !Uri.TryCreate(item[(separator + 1)..], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--endpoint '{item}' is not name=url; write it as --endpoint feature-store=http://127.0.0.1:5000.", ExitCodes.Usage);
            }

            endpoints.Add(item[..separator], url);
        }

        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // services__feature-store__http__0=http://127.0.0.1:37063
            var parts = key.Split("__");
            if (parts is ["services", var name, "http" or "https", _] && !overrides.Any(o => o.StartsWith(name + "=", StringComparison.Ordinal))
                && Uri.TryCreate(value, UriKind.Absolute, out var url))
            {
                endpoints.Add(name, url);
            }
        }

        if (endpoints.EndpointsFile is { } path)
        {
            endpoints.AddFromRunState(path);
        }

        return endpoints;
    }

    public IReadOnlyList<Uri> All(string service) =>
        urls.TryGetValue(service, out var list) && list.Count > 0
            ? list
            : throw new CliException($"Where is '{service}'? No --endpoint {service}=…, no services__{service}__http__0 variable" +
                (EndpointsFile is null
                    ? " and no .platform/run/endpoints.json here. Start the platform with `dotnet run --project AppHost` and run the CLI in that checkout (or pass --state-dir)."
                    : $", and {EndpointsFile} does not list it. Is the platform running with {service}?"));

    public Uri First(string service) => All(service)[0];

    private void Add(string service, Uri url)
    {
        if (!urls.TryGetValue(service, out var list))
        {
            urls[service] = list = [];
        }

        if (!list.Contains(url))
        {
            list.Add(url);
        }
    }

    private void AddFromRunState(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        if (!json.RootElement.TryGetProperty("resources", out var resources))
        {
            return;
        }

        foreach (var resource in resources.EnumerateObject())
        {
            if (urls.ContainsKey(resource.Name) || !resource.Value.TryGetProperty("urls", out var list))
            {
                continue;
            }

            foreach (var item in list.EnumerateArray())
            {
                if (Uri.TryCreate(item.GetString(), UriKind.Absolute, out var url))
                {
                    Add(resource.Name, url);
                }
            }
        }
    }
}
