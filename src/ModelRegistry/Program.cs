using Reference.ModelRegistry.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapModelsApi();
app.MapVersionsApi();
app.MapAliasesApi();
app.MapPromotionsApi();
app.MapEventsApi();
app.MapAuditApi();
app.MapMlflowApi();

app.Run();

/// <summary>Public so that tests and benchmarks can refer to the service's assembly.</summary>
public partial class Program;
