extern alias observability;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using observability::Reference.Observability.Otlp.Collector.Logs;
using observability::Reference.Observability.Otlp.Collector.Metrics;
using observability::Reference.Observability.Otlp.Collector.Trace;
using Reference.Observability.Tests.Support;

namespace Reference.Observability.Tests.Ingest;

[Collection(ObservabilityCollection.Name)]
public sealed class OtlpIngestTests(ObservabilityFixture fixture)
{
    [Fact]
    public async Task Protobuf_traces_from_the_real_exporter_are_stored_and_shown_as_one_trace()
    {
        var service = Unique("orders");
        var (body, traceId) = CapturedExport.Traces(service);

        var response = await fixture.Anonymous().PostAsync("/v1/traces", Protobuf(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);

        var trace = await GetJsonAsync($"/api/traces/{traceId}");
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        var root = spans.Single(s => Parent(s) is null);
        var child = spans.Single(s => Parent(s) is not null);
        Assert.Equal("GET /orders/{id}", root.GetProperty("name").GetString());
        Assert.Equal("server", root.GetProperty("kind").GetString());
        Assert.Equal(root.GetProperty("spanId").GetString(), Parent(child));
        Assert.Equal("error", child.GetProperty("status").GetString());
        Assert.Equal("timeout", child.GetProperty("statusMessage").GetString());
        Assert.Equal("postgresql", child.GetProperty("attributes").GetProperty("db.system").GetString());
        Assert.Equal("retry", child.GetProperty("events")[0].GetProperty("name").GetString());

        var search = await GetJsonAsync($"/api/traces?service={service}&status=error");
        var found = Assert.Single(search.GetProperty("items").EnumerateArray());
        Assert.Equal(traceId, found.GetProperty("traceId").GetString());
        Assert.Equal(2, found.GetProperty("spanCount").GetInt32());
        Assert.Equal(1, found.GetProperty("errorCount").GetInt32());
        Assert.Equal("GET /orders/{id}", found.GetProperty("rootName").GetString());
    }

    [Fact]
    public async Task The_same_export_as_OTLP_JSON_is_stored_and_answered_in_JSON()
    {
        var service = Unique("orders-json");
        var (body, traceId) = CapturedExport.Traces(service);
        var json = OtlpJson.Format(ExportTraceServiceRequest.Parser.ParseFrom(body));
        Assert.Contains(traceId, json);

        var response = await fixture.Anonymous().PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var trace = await GetJsonAsync($"/api/traces/{traceId}");
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());
        Assert.All(trace.GetProperty("spans").EnumerateArray(), s => Assert.Equal(service, s.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Logs_from_the_real_exporter_are_searchable_by_service_level_and_text_in_both_encodings()
    {
        var service = Unique("billing");
        var body = CapturedExport.Logs(service, "card declined");
        var request = ExportLogsServiceRequest.Parser.ParseFrom(body);
        var jsonService = service + "-json";
        request.ResourceLogs[0].Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue = jsonService;

        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/logs", Protobuf(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/logs", new StringContent(OtlpJson.Format(request), Encoding.UTF8, "application/json"))).StatusCode);

        foreach (var name in new[] { service, jsonService })
        {
            var logs = await GetJsonAsync($"/api/logs?service={name}&level=warn&text=declined");
            var log = Assert.Single(logs.GetProperty("items").EnumerateArray());
            Assert.Equal("card declined for order 42", log.GetProperty("body").GetString());
            Assert.Equal(13, log.GetProperty("severityNumber").GetInt32());
        }
        var errorsOnly = await GetJsonAsync($"/api/logs?service={service}&level=error");
        Assert.Empty(errorsOnly.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Metrics_from_the_real_exporter_appear_in_the_picker_and_chart()
    {
        var service = Unique("metrics");
        var instrument = "test." + service.Replace('-', '_') + ".duration";
        var body = CapturedExport.Metrics(service, instrument);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/metrics", Protobuf(body))).StatusCode);

        var instruments = await GetJsonAsync("/api/metrics");
        var histogram = instruments.EnumerateArray().Single(i => i.GetProperty("name").GetString() == instrument);
        Assert.Equal("histogram", histogram.GetProperty("kind").GetString());
        Assert.Equal("s", histogram.GetProperty("unit").GetString());
        Assert.Contains(instruments.EnumerateArray(), i => i.GetProperty("name").GetString() == instrument + ".count" && i.GetProperty("kind").GetString() == "sum");

        var chart = await GetJsonAsync($"/api/metrics/{instrument}?service={service}&window=1h");
        var point = Assert.Single(Assert.Single(chart.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray());
        Assert.Equal(0.5, point.GetProperty("value").GetDouble(), 6);
    }

    [Fact]
    public async Task The_registry_process_exports_its_traces_logs_and_metrics_here()
    {
        // The registry runs under the testing builder with OTEL_EXPORTER_OTLP_ENDPOINT pointing at this service.
        var registry = fixture.RegistryClient();
        Assert.Equal(HttpStatusCode.OK, (await registry.GetAsync("/api/models")).StatusCode);

        var traceId = await Eventually.ReturnsAsync(async () =>
        {
            var page = await GetJsonAsync("/api/traces?service=model-registry&name=GET /api/models/");
            return page.GetProperty("items").EnumerateArray().Where(t => t.GetProperty("rootName").GetString() == "GET /api/models/")
                .Select(t => t.GetProperty("traceId").GetString()).FirstOrDefault();
        }, "the registry's request span");
        var trace = await GetJsonAsync($"/api/traces/{traceId}");
        Assert.Contains(trace.GetProperty("spans").EnumerateArray(), s => s.GetProperty("attributes").TryGetProperty("http.route", out var route) && route.GetString() == "/api/models/");

        await Eventually.TrueAsync(async () => (await GetJsonAsync("/api/logs?service=model-registry")).GetProperty("items").GetArrayLength() > 0, "the registry's logs");
        await Eventually.TrueAsync(async () => (await GetJsonAsync("/api/metrics")).EnumerateArray()
            .Any(i => i.GetProperty("service").GetString() == "model-registry" && i.GetProperty("name").GetString() == "http.server.request.duration"), "the registry's request duration metric");
    }

    [Fact]
    public async Task A_gzip_compressed_export_is_accepted()
    {
        var service = Unique("gzip");
        var (body, traceId) = CapturedExport.Traces(service);
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body);
        }
        var content = Protobuf(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/traces", content)).StatusCode);
        Assert.Equal(2, (await GetJsonAsync($"/api/traces/{traceId}")).GetProperty("spans").GetArrayLength());
    }

    [Fact]
    public async Task Spans_that_break_the_rules_are_rejected_by_partial_success_and_the_rest_stored()
    {
        var service = Unique("partial");
        var (body, traceId) = CapturedExport.Traces(service);
        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        var spans = request.ResourceSpans[0].ScopeSpans[0].Spans;
        var broken = spans[0].Clone();
        broken.TraceId = ByteString.CopyFrom(1, 2, 3, 4);
        spans.Add(broken);

        var response = await fixture.Anonymous().PostAsync("/v1/traces", Protobuf(request.ToByteArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedSpans);
        Assert.Contains("trace_id", answer.PartialSuccess.ErrorMessage);
        Assert.Equal(2, (await GetJsonAsync($"/api/traces/{traceId}")).GetProperty("spans").GetArrayLength());
    }

    [Fact]
    public async Task Malformed_payloads_are_400_and_store_nothing()
    {
        var service = Unique("malformed");
        var (body, _) = CapturedExport.Traces(service);
        var client = fixture.Anonymous();

        var truncated = await client.PostAsync("/v1/traces", Protobuf(body[..(body.Length - 7)]));
        var json = OtlpJson.Format(ExportTraceServiceRequest.Parser.ParseFrom(body));
        var notHex = await client.PostAsync("/v1/traces", new StringContent(json.Replace("\"traceId\":\"", "\"traceId\":\"zz"), Encoding.UTF8, "application/json"));
        var notJson = await client.PostAsync("/v1/traces", new StringContent(json[..(json.Length / 2)], Encoding.UTF8, "application/json"));
        var wrongType = await client.PostAsync("/v1/traces", new StringContent(json, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal("application/problem+json", truncated.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, notHex.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(0, await fixture.CountAsync("SELECT count(*) FROM spans WHERE service = $1", service));
    }

    [Fact]
    public async Task Trace_search_pages_with_an_opaque_token_and_rejects_bad_filters()
    {
        var service = Unique("paging");
        var traceIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (body, traceId) = CapturedExport.Traces(service);
            traceIds.Add(traceId);
            Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous().PostAsync("/v1/traces", Protobuf(body))).StatusCode);
        }

        var first = await GetJsonAsync($"/api/traces?service={service}&pageSize=2");
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await GetJsonAsync($"/api/traces?service={service}&pageSize=2&pageToken={Uri.EscapeDataString(token!)}");
        var seen = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(t => t.GetProperty("traceId").GetString()).ToList();
        Assert.Equal(traceIds.Order(), seen.Order());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextPageToken").ValueKind);

        var bad = await fixture.Client().GetAsync("/api/traces?pageSize=0&status=broken&pageToken=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _) && errors.TryGetProperty("status", out _) && errors.TryGetProperty("pageToken", out _));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_OTLP_and_query_endpoints()
    {
        var document = await fixture.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/v1/traces\"", document);
        Assert.Contains("\"/api/predictions\"", document);
        Assert.Contains("\"/api/traces/{traceId}\"", document);
    }

    [Fact]
    public async Task Reading_telemetry_needs_a_platform_token_or_the_dashboard_login()
    {
        var anonymous = await fixture.Anonymous().GetAsync("/api/traces");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client("viewer").GetAsync("/api/traces")).StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await fixture.Client().GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string? Parent(JsonElement span) =>
        span.TryGetProperty("parentSpanId", out var parent) && parent.ValueKind == JsonValueKind.String ? parent.GetString() : null;

    internal static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
