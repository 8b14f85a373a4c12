using Reference.ModelRegistry.Apis;
using Reference.ModelRegistry.Infrastructure;
using Reference.ModelRegistry.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.AddExpensiveRequestLimiter();
builder.Services.AddOpenApi(options => options.DescribeVersionUpload());

var app = builder.Build();

app.UseRateLimiter();
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
