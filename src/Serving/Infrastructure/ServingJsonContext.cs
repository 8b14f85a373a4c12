using System.Text.Json;
using System.Text.Json.Serialization;
using Reference.Serving.Apis;

namespace Reference.Serving.Infrastructure;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PredictRequest))]
[JsonSerializable(typeof(ServerMetadataResponse))]
[JsonSerializable(typeof(LiveResponse))]
[JsonSerializable(typeof(ReadyResponse))]
[JsonSerializable(typeof(ModelReadyResponse))]
[JsonSerializable(typeof(ModelMetadataResponse))]
[JsonSerializable(typeof(InferRequestDocument))]
internal sealed partial class ServingJsonContext : JsonSerializerContext;
