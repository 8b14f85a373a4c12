var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/health", () => Results.Ok("healthy"));
app.MapGet("/env", () => Environment.GetEnvironmentVariables()
    .Cast<System.Collections.DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value));
app.MapGet("/pid", () => Environment.ProcessId);
app.MapPost("/crash", () =>
{
    Console.Error.WriteLine("sample service: crashing on request");
    Environment.Exit(3);
});

app.Run();
