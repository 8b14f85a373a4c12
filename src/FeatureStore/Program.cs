using Reference.FeatureStore.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapEntitiesApi();
app.MapFeatureViewsApi();
app.MapFeatureServicesApi();
app.MapIngestionApi();
app.MapPushApi();
app.MapEntitySetsApi();
app.MapHistoricalFeaturesApi();
app.MapMaterializationApi();
app.MapOnlineFeaturesApi();

app.Run();

/// <summary>Public so that tests and benchmarks can name this project.</summary>
public partial class Program;
