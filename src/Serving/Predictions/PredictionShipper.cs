using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Reference.Learning.Data;
using Reference.Serving.Infrastructure;

namespace Reference.Serving.Predictions;

// Sends queued samples to observability (POST /api/predictions, a service token through service discovery) in
// batches of up to Serving:SampleBatchSize, at least every Serving:SampleFlushInterval. A batch that cannot be
// delivered is dropped and counted; samples are telemetry, not records that must survive an outage.
public sealed partial class PredictionShipper(
    PredictionSampler sampler, IHttpClientFactory clients, IOptions<ServingOptions> options, ServingMetrics metrics, ILogger<PredictionShipper> logger)
    : BackgroundService
{
    public const string HttpClientName = "observability";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var batch = new List<PredictionRecord>(settings.SampleBatchSize);
        var reader = sampler.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var deadline = DateTime.UtcNow + settings.SampleFlushInterval;
                while (batch.Count < settings.SampleBatchSize)
                {
                    if (reader.TryRead(out var record))
                    {
                        batch.Add(record);
                        continue;
                    }
                    var remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    wait.CancelAfter(remaining);
                    try
                    {
                        if (!await reader.WaitToReadAsync(wait.Token))
                        {
                            break;
                        }
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
                await SendAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(List<PredictionRecord> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            using var content = new ByteArrayContent(Serialize(batch));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/predictions") { Content = content };
            // Safe to retry: observability answers a replayed key with the first result.
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Guid.NewGuid().ToString("N"));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                metrics.SamplesSent(batch.Count);
                return;
            }
            LogRefused(logger, batch.Count, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (unreachable, no endpoint configured), samples must never take the service down.
            LogUnreachable(logger, batch.Count, ex.Message);
        }
        metrics.SamplesDropped(batch.Count);
    }

    // [{model, version, timestamp, features: {input: value}, outputs: {output: value}}], categories as their names.
    internal static byte[] Serialize(List<PredictionRecord> batch)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(batch.Count * 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var record in batch)
            {
                json.WriteStartObject();
                json.WriteString("model", record.Model.Name);
                json.WriteNumber("version", record.Model.Version);
                json.WriteString("timestamp", record.At.UtcDateTime);
                json.WriteStartObject("features");
                var inputs = record.Model.Inputs;
                for (var i = 0; i < inputs.Count; i++)
                {
                    var value = record.Inputs[i];
                    if (double.IsNaN(value))
                    {
                        json.WriteNull(inputs[i].Name);
                    }
                    else if (inputs[i].Type == ColumnType.Categorical && inputs[i].Vocabulary is { } vocabulary && value >= 0 && value < vocabulary.Count)
                    {
                        json.WriteString(inputs[i].Name, vocabulary[(int)value]);
                    }
                    else if (inputs[i].Type == ColumnType.Bool)
                    {
                        json.WriteBoolean(inputs[i].Name, value != 0);
                    }
                    else
                    {
                        json.WriteNumber(inputs[i].Name, value);
                    }
                }
                json.WriteEndObject();
                json.WriteStartObject("outputs");
                json.WriteNumber(record.Model.OutputName, record.Output);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Observability refused {Count} prediction samples ({Status}): {Detail}")]
    private static partial void LogRefused(ILogger logger, int count, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Observability is unreachable; dropped {Count} prediction samples: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, int count, string reason);
}
