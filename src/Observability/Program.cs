using Reference.Observability.Apis;
using Reference.Observability.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOtlpApi();
app.MapTelemetryApi();
app.MapPredictionsApi();
app.MapDriftApi();
app.MapDashboard();

app.Run();

/// <summary>Public so that tests and benchmarks can refer to the service's assembly.</summary>
public partial class Program;
