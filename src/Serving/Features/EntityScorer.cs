using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reference.FeatureStore.Client;
using Reference.Serving.Apis;
using Reference.Serving.Inference;
using Reference.Serving.Infrastructure;
using Reference.Serving.Models;
using Reference.Serving.Predictions;
using Reference.ServiceDefaults;

namespace Reference.Serving.Features;

// Entity scoring: the serving version's features for every entity in one Redis round trip, scored, and written per
// entity with the version and the missing features (and the values, when asked and cleared).
public sealed class EntityScorer(OnlineFeatureReader reader, IOptions<ServingOptions> options, PredictionSampler sampler, ServingMetrics metrics)
{
    private readonly ServingOptions settings = options.Value;

    public async Task<Results<EmptyHttpResult, ProblemHttpResult>> ScoreAsync(HttpContext http, string name, ServedModel? served, PredictRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        if (served is null)
        {
            return InferenceErrors.UnknownModel(name);
        }
        var entities = request.Entities;
        if (entities is null || entities.Count == 0)
        {
            return Problems.BadRequest("Give \"entities\": an object of join key to values, such as {\"card_id\": [\"c1\", \"c2\"]}.");
        }
        var keys = new Dictionary<string, string[]>(entities.Count, StringComparer.Ordinal);
        var count = -1;
        foreach (var (key, values) in entities)
        {
            if (values is null || values.Length == 0 || (count >= 0 && values.Length != count))
            {
                return Problems.BadRequest($"entities.{key} must be a non-empty array with as many values as every other join key.");
            }
            count = values.Length;
            var text = new string[count];
            for (var i = 0; i < count; i++)
            {
                text[i] = values[i].ValueKind switch
                {
                    JsonValueKind.String => values[i].GetString()!,
                    JsonValueKind.Number => values[i].GetRawText(),
                    _ => "",
                };
                if (text[i].Length == 0)
                {
                    return Problems.BadRequest($"entities.{key}[{i}] must be a non-empty string or a number.");
                }
            }
            keys[key] = text;
        }
        if (count > settings.MaxBatchRows)
        {
            return Problems.BadRequest($"{count} entities were given; at most {settings.MaxBatchRows} are scored per request.");
        }

        var model = served.Route(RoutingKey.Hash(FirstEntityKey(keys)), out var shadow);
        if (model is null)
        {
            return InferenceErrors.NotReady(name);
        }
        if (model.Features is not { } binding)
        {
            return Problems.Unprocessable($"{name} v{model.Version} cannot be scored by entity: {model.FeatureProblem} Use /v2/models/{name}/infer with the inputs instead.");
        }
        foreach (var joinKey in binding.JoinKeys)
        {
            if (!keys.ContainsKey(joinKey))
            {
                return Problems.BadRequest($"entities.{joinKey} is required: {name} v{model.Version} reads features keyed by {string.Join(", ", binding.JoinKeys)}.");
            }
        }
        if (request.IncludeFeatures)
        {
            var clearance = http.User.GetClearance();
            for (var v = 0; v < binding.Classifications.Length; v++)
            {
                if (binding.Classifications[v] > clearance)
                {
                    return Problems.Forbidden($"Echoing features needs clearance '{binding.Classifications[v].ToName()}' for feature view '{binding.Plan.Views[v].View.Name}'; " +
                        $"your clearance is '{clearance.ToName()}'. Omit includeFeatures to get the scores only.");
                }
            }
        }

        var width = model.InputCount;
        var rows = ArrayPool<double>.Shared.Rent(count * width);
        var outputs = ArrayPool<double>.Shared.Rent(count);
        try
        {
            var values = await reader.ReadAsync(binding.Plan.ForEntities(keys));
            var missing = new List<int>?[count];
            EntityRows.Fill(model, binding, values, count, rows.AsSpan(0, count * width), missing, r => Describe(keys, r));
            var inputs = rows.AsSpan(0, count * width);
            InferenceRunner.Score(model, inputs, outputs.AsSpan(0, count));
            metrics.Scored(model, ReferenceEquals(model, served.Champion) ? ServingRoles.Champion : ServingRoles.Challenger, count, started);
            sampler.Offer(model, inputs, outputs.AsSpan(0, count));
            if (shadow is not null && InferenceRunner.SameInputs(model, shadow))
            {
                var shadowOutputs = new double[count];
                InferenceRunner.Score(shadow, inputs, shadowOutputs);
                metrics.Scored(shadow, ServingRoles.Shadow, count, started);
                sampler.Offer(shadow, inputs, shadowOutputs);
            }
            await WriteAsync(http.Response, model, keys, count, outputs.AsSpan(0, count), missing, request.IncludeFeatures ? values : null, binding, http.RequestAborted);
            return TypedResults.Empty;
        }
        catch (InferenceException ex)
        {
            return InferenceErrors.Problem(ex.Status, ex.Message);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rows);
            ArrayPool<double>.Shared.Return(outputs);
        }
    }

    // The first entity's join-key values, as the online store joins a composite key: what canary routing hashes.
    private static string FirstEntityKey(Dictionary<string, string[]> keys)
    {
        if (keys.Count == 1)
        {
            foreach (var values in keys.Values)
            {
                return values[0];
            }
        }
        var parts = new string[keys.Count];
        var i = 0;
        foreach (var values in keys.Values)
        {
            parts[i++] = values[0];
        }
        return string.Join(OnlineStoreLayout.JoinKeySeparator, parts);
    }

    private static string Describe(Dictionary<string, string[]> keys, int row) => string.Join(", ", keys.Select(k => $"{k.Key}={k.Value[row]}"));

    // {"model", "modelVersion", "results": [{"entity": {...}, "score", "modelVersion", "missingFeatures": [...], "features"?: {...}}]}
    private static Task WriteAsync(HttpResponse response, LoadedModel model, Dictionary<string, string[]> keys, int count, ReadOnlySpan<double> scores,
        List<int>?[] missing, OnlineFeatureValues? echo, FeatureBinding binding, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("model", model.Name);
        json.WriteNumber("modelVersion", model.Version);
        json.WriteStartArray("results");
        for (var r = 0; r < count; r++)
        {
            json.WriteStartObject();
            json.WriteStartObject("entity");
            foreach (var (key, values) in keys)
            {
                json.WriteString(key, values[r]);
            }
            json.WriteEndObject();
            json.WriteNumber("score", scores[r]);
            json.WriteNumber("modelVersion", model.Version);
            json.WriteStartArray("missingFeatures");
            foreach (var input in missing[r] ?? [])
            {
                json.WriteStringValue(model.Inputs[input].Name);
            }
            json.WriteEndArray();
            if (echo is not null)
            {
                json.WriteStartObject("features");
                for (var i = 0; i < model.InputCount; i++)
                {
                    var (read, feature) = binding.Sources[i];
                    json.WritePropertyName(model.Inputs[i].Name);
                    if (echo.GetPresentValue(read, r, feature) is { } raw)
                    {
                        json.WriteRawValue(raw, skipInputValidation: true);
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return response.BodyWriter.FlushAsync(cancellationToken).AsTask();
    }
}
