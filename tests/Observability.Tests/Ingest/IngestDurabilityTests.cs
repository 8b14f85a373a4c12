extern alias observability;
using System.Net;
using Google.Protobuf;
using Npgsql;
using observability::Reference.Observability.Otlp.Collector.Trace;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Ingest;

// Holds the writer and kills the service on purpose, so it runs on the second topology, away from the tests that
// expect the registry's own telemetry to arrive.
[Collection(NoTrainingRunnerCollection.Name)]
public sealed class IngestDurabilityTests(NoTrainingRunnerFixture fixture)
{
    [Fact]
    public async Task A_full_ingest_queue_answers_429_with_Retry_After_and_the_accepted_exports_are_stored()
    {
        var service = OtlpIngestTests.Unique("overload");
        var (body, _) = CapturedExport.Traces(service);
        var client = fixture.Anonymous();

        // Hold the writer: while this transaction locks the spans table, accepted exports wait in the queue.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE spans IN ACCESS EXCLUSIVE MODE", connection, transaction).ExecuteNonQueryAsync();

        var exports = Enumerable.Range(0, ObservabilityFixture.QueueCapacity * 3).Select(i => client.PostAsync("/v1/traces", OtlpIngestTests.Protobuf(WithNewTraceId(body, i)))).ToList();
        // Only refusals can finish while the writer is held.
        var first = await await Task.WhenAny(exports);
        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.True(first.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After delay");
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);

        await transaction.CommitAsync();
        var responses = await Task.WhenAll(exports);
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        // Held in memory at most: the queue plus the one write the writer had gathered (the registry exports here too).
        Assert.True(accepted < responses.Length, "Every export was accepted although the writer was held");
        Assert.Equal(accepted * 2, await fixture.CountAsync("SELECT count(*) FROM spans WHERE service = $1", service));
    }

    [Fact]
    public async Task Acknowledged_telemetry_survives_a_crash_of_the_service()
    {
        var service = OtlpIngestTests.Unique("durable");
        var (body, traceId) = CapturedExport.Traces(service);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/traces", OtlpIngestTests.Protobuf(body))).StatusCode);

        var before = fixture.App.ResourceNotifications.Get("observability").Restarts;
        fixture.App.KillReplica("observability");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await fixture.App.ResourceNotifications.WaitForResourceAsync("observability", s => s.Restarts > before && s.IsHealthy, timeout.Token);

        var response = await fixture.Client().GetAsync($"/api/traces/{traceId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(service, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Spans_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var service = OtlpIngestTests.Unique("retention");
        var (body, traceId) = CapturedExport.Traces(service);
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        var old = request.Clone();
        var twoDays = 2UL * 24 * 3600 * 1_000_000_000;
        foreach (var span in old.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            span.TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
            span.StartTimeUnixNano -= twoDays;
            span.EndTimeUnixNano -= twoDays;
        }
        old.ResourceSpans[0].ScopeSpans[0].Spans[1].ParentSpanId = ByteString.Empty;
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/traces", OtlpIngestTests.Protobuf(request.ToByteArray()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/traces", OtlpIngestTests.Protobuf(old.ToByteArray()))).StatusCode);

        // The fixture sweeps every second; the default span retention is 24 h.
        await Eventually.TrueAsync(async () => await fixture.CountAsync(
            "SELECT count(*) FROM spans WHERE service = $1 AND start_time < now() - interval '1 day'", service) == 0, "the two-day-old spans to be deleted");
        Assert.Equal(2, await fixture.CountAsync("SELECT count(*) FROM spans WHERE service = $1 AND trace_id = decode($2, 'hex')", service, traceId));
    }

    private static byte[] WithNewTraceId(byte[] body, int seed)
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        var traceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray());
        foreach (var span in request.ResourceSpans[0].ScopeSpans[0].Spans)
        {
            span.TraceId = traceId;
        }
        request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(new observability::Reference.Observability.Otlp.Common.KeyValue
        {
            Key = "seed",
            Value = new observability::Reference.Observability.Otlp.Common.AnyValue { IntValue = seed },
        });
        return request.ToByteArray();
    }
}
