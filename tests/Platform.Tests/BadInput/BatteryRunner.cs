using System.Collections.Concurrent;
using System.Diagnostics;
using Reference.Platform.Tests.Support;

namespace Reference.Platform.Tests.BadInput;

// Sends one service's battery, a few cases at a time over one client, each with its own deadline: a service that
// does not answer a case in time fails it as surely as one that answers 500.
public static class BatteryRunner
{
    private const int Concurrency = 6;
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(20);

    public static async Task<ServiceBattery> RunAsync(PlatformFixture platform, string service)
    {
        var clock = Stopwatch.StartNew();
        using var documentClient = platform.Client(service);
        var operations = await OpenApiReader.ReadAsync(documentClient, service);
        var cases = operations.SelectMany(BatteryPlan.For).ToList();
        var token = platform.Token("admin", "badinput-battery", clearance: "restricted");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var baseAddress = documentClient.BaseAddress!;
        var outcomes = new ConcurrentBag<CaseOutcome>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (@case, _) =>
            outcomes.Add(await SendAsync(client, baseAddress, token, @case)));
        return new ServiceBattery(service, operations, outcomes.ToList(), clock.Elapsed);
    }

    private static async Task<CaseOutcome> SendAsync(HttpClient client, Uri baseAddress, string token, BadInputCase @case)
    {
        using var deadline = new CancellationTokenSource(PerRequest);
        try
        {
            using var request = @case.ToRequest(baseAddress, token);
            // Headers first: an event stream that (wrongly) accepts a case would never end.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var body = contentType == "text/event-stream" ? "(event stream)" : await response.Content.ReadAsStringAsync(deadline.Token);
            return new CaseOutcome(@case, (int)response.StatusCode, contentType, body, null);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new CaseOutcome(@case, null, null, "", $"no answer within {PerRequest.TotalSeconds} s");
        }
        catch (HttpRequestException ex)
        {
            return new CaseOutcome(@case, null, null, "", $"{ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
        }
    }
}

// One service's battery: the operations its document lists, and the outcome of every case.
public sealed record ServiceBattery(string Service, IReadOnlyList<OperationShape> Operations, IReadOnlyList<CaseOutcome> Outcomes, TimeSpan Elapsed)
{
    public IReadOnlyList<CaseOutcome> Failures => Outcomes.Where(o => o.Failure is not null).ToList();

    public string Summary =>
        $"{Service}: {Outcomes.Count} cases over {Operations.Count} operations in {Elapsed.TotalSeconds:0.0} s; statuses " +
        string.Join(", ", Outcomes.GroupBy(o => o.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none").OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}")) +
        $"; {Failures.Count} failures; by kind " +
        string.Join(", ", Outcomes.GroupBy(o => o.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
}
