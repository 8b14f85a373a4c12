using Reference.TrainingRunner.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapJobsApi();
app.MapTriggersApi();

app.Run();

/// <summary>Public so that tests and benchmarks can refer to the service's assembly.</summary>
public partial class Program;
