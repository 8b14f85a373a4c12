using System.Text.Json;
using Reference.Cli.Connection;

namespace Reference.Cli.Predict;

// `platform predict`: scores entities by key through serving (POST /api/predict/{model}), which reads their
// features from the online store; prints serving's answer.
public sealed class Predictions(CliContext context)
{
    private const string Serving = "serving";
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task<JsonElement> PredictAsync(string model, IReadOnlyList<string> entities, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entity in entities)
        {
            var separator = entity.IndexOf('=', StringComparison.Ordinal);
            if (separator < 1 || separator == entity.Length - 1)
            {
                throw new CliException($"--entity '{entity}' is not joinKey=value; write it as --entity card_id=card-000042.", ExitCodes.Usage);
            }

            var key = entity[..separator];
            if (!keys.TryGetValue(key, out var values))
            {
                keys[key] = values = [];
            }

            values.Add(entity[(separator + 1)..]);
        }

        var answer = await context.Platform.SendAsync(HttpMethod.Post, Serving, $"/api/predict/{Uri.EscapeDataString(model)}", new { entities = keys }, Roles.Viewer, cancellationToken);
        context.Terminal.Line(JsonSerializer.Serialize(answer, Indented));
        return answer;
    }
}
