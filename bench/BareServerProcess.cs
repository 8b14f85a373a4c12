using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Reference.Bench;

// A bare endpoint in a process of its own, the same shape as the services it is compared with (each service is its own
// process on the same cores as the load generator). The bench starts its own executable with `serve-bare <kind>`; the
// child prints its URL and serves until its standard input closes. Every kind serves GET /constant (a constant JSON
// object from memory) and POST /parse (parses the JSON body, answers a constant inference response).
internal sealed class BareServerProcess : IAsyncDisposable
{
    public const string Command = "serve-bare";

    // What the kinds with authentication validate; callers sign their tokens with it (PlatformTokens.Create).
    public const string SigningKey = "bare-server-signing-key-0123456789-0123456789-abcdefghijklmnop";

    private const string UrlMarker = "bare-server-url: ";

    private readonly Process process;

    private BareServerProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>
    /// kind: slim (CreateSlimBuilder, no logging: the floor), full (CreateBuilder with its default providers), defaults
    /// (CreateBuilder + AddServiceDefaults + MapDefaultEndpoints), or full plus pieces of ServiceDefaults joined with '+':
    /// auth (JWT + fallback policy, with problems), telemetry (OpenTelemetry providers + HttpServerSpans), problems, health.
    /// </summary>
    public static async Task<BareServerProcess> StartAsync(string kind, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(BareServerProcess).Assembly.Location);
        start.ArgumentList.Add(Command);
        start.ArgumentList.Add(kind);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the bare server");
        // The full host logs to standard output too: read past its lines to the URL, then keep draining so it never blocks.
        string? line;
        do
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        while (line is not null && !line.StartsWith(UrlMarker, StringComparison.Ordinal));
        if (line is null)
        {
            process.Kill();
            throw new InvalidOperationException($"bare server '{kind}' exited without printing its URL");
        }
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return new BareServerProcess(process, line[UrlMarker.Length..].Trim());
    }

    public static async Task<int> ServeAsync(string kind, string[] args)
    {
        var pieces = kind.Split('+');
        var slim = pieces[0] == "slim";
        var defaults = pieces[0] == "defaults";
        bool Has(string piece) => defaults || pieces.Contains(piece);

        var builder = slim ? WebApplication.CreateSlimBuilder(args) : WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (slim)
        {
            builder.Logging.ClearProviders();
        }
        builder.Configuration["Auth:SigningKey"] ??= SigningKey;
        if (defaults)
        {
            builder.AddServiceDefaults();
        }
        else
        {
            if (Has("telemetry"))
            {
                builder.ConfigureOpenTelemetry();
            }
            if (Has("auth"))
            {
                builder.AddDefaultAuthentication();
            }
            // The authorization result handler answers with problem details, so auth needs them.
            if (Has("problems") || Has("auth"))
            {
                builder.AddDefaultProblemDetails();
            }
            if (Has("health"))
            {
                builder.AddDefaultHealthChecks();
            }
        }
        var app = builder.Build();
        if (defaults)
        {
            app.MapDefaultEndpoints();
        }
        // With auth, the endpoints fall under the fallback policy like a service's own endpoints: callers send a token.
        app.MapGet("/constant", (HttpContext http) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.Body.WriteAsync(ConstantBody).AsTask();
        });
        app.MapPost("/parse", ParseAsync);
        await app.StartAsync();
        Console.WriteLine(UrlMarker + app.Urls.First());
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    public static readonly byte[] ConstantBody = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["model"] = "model-00042", ["version"] = 7, ["aliases"] = new[] { "champion" },
        ["artifact"] = new Dictionary<string, object> { ["sha256"] = new string('a', 64), ["sizeBytes"] = 123456 },
    });

    public static readonly byte[] InferenceAnswer =
        """{"model_name":"bare","model_version":"1","outputs":[{"name":"probability","datatype":"FP64","shape":[1],"data":[0.5]}]}"""u8.ToArray();

    // Serving's floor: parse the request's JSON, write a constant inference answer.
    public static async Task ParseAsync(HttpContext http)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(InferenceAnswer, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(10_000))
        {
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
