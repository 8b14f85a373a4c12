var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("registrydb");
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
