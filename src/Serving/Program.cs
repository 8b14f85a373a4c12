using Reference.Serving.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapModelsApi();
app.MapInferenceApi();
app.MapPredictApi();

app.Run();

/// <summary>Public so that tests and benchmarks can refer to the service's assembly.</summary>
public partial class Program;
