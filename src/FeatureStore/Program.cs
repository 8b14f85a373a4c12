var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource("featuresdb");
builder.AddRedisClient("online-store");
builder.Services.AddOpenApi();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
