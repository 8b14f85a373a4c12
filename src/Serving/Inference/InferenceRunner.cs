using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Reference.Serving.Infrastructure;
using Reference.Serving.Models;
using Reference.Serving.Predictions;

namespace Reference.Serving.Inference;

// Parse → pick the version → decode → score → write, with rented buffers throughout.
public sealed class InferenceRunner(IOptions<ServingOptions> options, PredictionSampler sampler, ServingMetrics metrics)
{
    private readonly ServingOptions settings = options.Value;

    public async Task<Results<EmptyHttpResult, ProblemHttpResult>> InferAsync(HttpContext http, string name, ServedModel? served, string? version)
    {
        var started = Stopwatch.GetTimestamp();
        if (served is null)
        {
            return InferenceErrors.UnknownModel(name);
        }
        byte[]? body = null;
        InferRequest? request = null;
        double[]? rows = null;
        double[]? outputs = null;
        try
        {
            (body, var length) = await RequestBody.ReadAsync(http.Request, settings.MaxRequestBytes, http.RequestAborted);
            request = InferRequest.Parse(body, length);

            LoadedModel? model;
            LoadedModel? shadow = null;
            string role;
            if (version is not null)
            {
                model = int.TryParse(version, out var number) ? served.FindVersion(number) : null;
                if (model is null)
                {
                    return InferenceErrors.Problem(StatusCodes.Status404NotFound, $"Version '{version}' of {name} is not loaded; loaded: {LoadedVersions(served)}.");
                }
                role = ServingRoles.Pinned;
            }
            else
            {
                model = served.Route(request.HasRoutingKey ? request.RoutingHash : RoutingKey.Unkeyed(), out shadow);
                if (model is null)
                {
                    return InferenceErrors.NotReady(name);
                }
                role = ReferenceEquals(model, served.Champion) ? ServingRoles.Champion : ServingRoles.Challenger;
            }
            if (request.RequestedOutput is { } output && output != model.OutputName)
            {
                return InferenceErrors.Problem(StatusCodes.Status400BadRequest, $"Unknown output '{output}'; {name} v{model.Version} outputs '{model.OutputName}'.");
            }

            rows = TensorDecoder.Decode(request, model, settings.MaxBatchRows, out var batch);
            outputs = ArrayPool<double>.Shared.Rent(batch);
            var inputs = rows.AsSpan(0, batch * model.InputCount);
            Score(model, inputs, outputs.AsSpan(0, batch));
            metrics.Scored(model, role, batch, started);
            sampler.Offer(model, inputs, outputs.AsSpan(0, batch));

            if (shadow is not null && SameInputs(model, shadow))
            {
                var shadowStarted = Stopwatch.GetTimestamp();
                var shadowOutputs = ArrayPool<double>.Shared.Rent(batch);
                Score(shadow, inputs, shadowOutputs.AsSpan(0, batch));
                metrics.Scored(shadow, ServingRoles.Shadow, batch, shadowStarted);
                sampler.Offer(shadow, inputs, shadowOutputs.AsSpan(0, batch));
                ArrayPool<double>.Shared.Return(shadowOutputs);
            }

            await InferResponseWriter.WriteAsync(http.Response, request, model, outputs.AsSpan(0, batch), http.RequestAborted);
            return TypedResults.Empty;
        }
        catch (InferenceException ex)
        {
            return InferenceErrors.Problem(ex.Status, ex.Message);
        }
        finally
        {
            request?.Dispose();
            if (body is not null)
            {
                ArrayPool<byte>.Shared.Return(body);
            }
            if (rows is not null)
            {
                ArrayPool<double>.Shared.Return(rows);
            }
            if (outputs is not null)
            {
                ArrayPool<double>.Shared.Return(outputs);
            }
        }
    }

    internal static void Score(LoadedModel model, ReadOnlySpan<double> rows, Span<double> outputs)
    {
        if (outputs.Length == 1)
        {
            outputs[0] = model.Model.Score(rows);
        }
        else
        {
            model.Model.ScoreBatch(rows, outputs);
        }
    }

    // Shadow scoring reuses the champion's rows, which only works when both take the same inputs in the same order.
    internal static bool SameInputs(LoadedModel a, LoadedModel b)
    {
        if (a.InputCount != b.InputCount)
        {
            return false;
        }
        for (var i = 0; i < a.InputCount; i++)
        {
            if (a.Inputs[i].Name != b.Inputs[i].Name)
            {
                return false;
            }
        }
        return true;
    }

    internal static string LoadedVersions(ServedModel served) =>
        (served.Champion, served.Challenger) switch
        {
            (null, null) => "none yet",
            ({ } c, null) => $"{c.Version} (champion)",
            (null, { } x) => $"{x.Version} (challenger)",
            ({ } c, { } x) => $"{c.Version} (champion), {x.Version} (challenger)",
        };
}
