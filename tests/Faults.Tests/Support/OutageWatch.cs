using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Reference.Hosting.Orchestration;

namespace Reference.Faults.Tests.Support;

// What people and machines were shown while a component was down: the states the AppHost reported for it, the state
// the dashboard's Resources page showed for it, and the answers of /health of the services that depend on it (or of
// the component itself). Polls run from before the kill until Stop.
public sealed partial class OutageWatch : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(40);

    private readonly string resource;
    private readonly ResourceNotificationService notifications;
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> polls = [];

    public OutageWatch(FaultsFixture fixture, string resource, params string[] healthOf)
    {
        this.resource = resource;
        notifications = fixture.App.ResourceNotifications;
        notifications.Changed += OnChanged;
        var dashboard = fixture.Client("observability", "viewer", timeout: TimeSpan.FromSeconds(2));
        polls.Add(PollAsync(dashboard, "/resources", async response =>
        {
            var page = await response.Content.ReadAsStringAsync();
            return StateRow().Matches(page).FirstOrDefault(m => m.Groups["name"].Value == resource)?.Groups["state"].Value ?? "absent";
        }, DashboardStates));
        foreach (var service in healthOf)
        {
            var client = fixture.Client(service, "viewer", timeout: TimeSpan.FromSeconds(2));
            var seen = HealthAnswers.GetOrAdd(service, _ => []);
            polls.Add(PollAsync(client, "/health", async response =>
                $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync()).Trim()}", seen));
        }
    }

    /// <summary>Instance states the AppHost published for the resource (in order, repeats removed).</summary>
    public ConcurrentQueue<string> AppHostStates { get; } = new();

    /// <summary>States the dashboard's Resources page showed for the resource, in order, repeats removed.</summary>
    public ConcurrentQueue<string> DashboardStates { get; } = new();

    /// <summary>Per service, the /health answers seen ("200 Healthy", "503 Unhealthy", "unreachable", "timeout"), in order, repeats removed.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> HealthAnswers { get; } = new();

    public bool DashboardShowedFailure => DashboardStates.Any(s => s is not (KnownResourceStates.Healthy or "absent"));

    public bool HealthReportedFailure(string service) => HealthAnswers.TryGetValue(service, out var answers) && answers.Any(a => a != "200 Healthy");

    /// <summary>Keeps polling until the dashboard shows the resource healthy again (its run state is written after a short delay).</summary>
    public async Task StopAfterDashboardRecoversAsync(TimeSpan limit)
    {
        await Until.TrueAsync(() => Task.FromResult(DashboardStates.LastOrDefault() == KnownResourceStates.Healthy), limit, $"the dashboard shows {resource} healthy again");
        await DisposeAsync();
    }

    public string Describe() =>
        $"AppHost: {string.Join(" → ", AppHostStates)}; dashboard: {string.Join(" → ", DashboardStates)}" +
        string.Concat(HealthAnswers.Select(h => $"; {h.Key} /health: {string.Join(" → ", h.Value)}"));

    public async ValueTask DisposeAsync()
    {
        notifications.Changed -= OnChanged;
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }
        await Task.WhenAll(polls);
    }

    private void OnChanged(ResourceSnapshot snapshot)
    {
        if (snapshot.Name == resource)
        {
            AppendChange(AppHostStates, snapshot.State);
        }
    }

    private async Task PollAsync(HttpClient client, string path, Func<HttpResponseMessage, Task<string>> read, ConcurrentQueue<string> seen)
    {
        using (client)
        {
            while (!stop.IsCancellationRequested)
            {
                string answer;
                try
                {
                    using var response = await client.GetAsync(path, stop.Token);
                    answer = await read(response);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (TaskCanceledException)
                {
                    answer = "timeout";
                }
                catch (HttpRequestException)
                {
                    answer = "unreachable";
                }
                AppendChange(seen, answer);
                try
                {
                    await Task.Delay(PollInterval, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static void AppendChange(ConcurrentQueue<string> seen, string value)
    {
        if (seen.LastOrDefault() != value)
        {
            seen.Enqueue(value);
        }
    }

    // A row of the Resources table: <tr data-resource="name"><td>name</td><td>type</td><td><span class="badge …">State</span>.
    [GeneratedRegex("<tr data-resource=\"(?<name>[^\"]+)\"><td>[^<]*</td><td>[^<]*</td><td><span class=\"badge [^\"]*\">(?<state>[^<]*)</span>")]
    private static partial Regex StateRow();
}
