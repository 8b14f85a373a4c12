using Reference.Platform.Tests.Support;
using Xunit.Abstractions;

namespace Reference.Platform.Tests.BadInput;

// Issue 10: for every operation that each service's OpenAPI document lists, hostile path and query values and broken
// bodies are refused with a 4xx problem, change nothing, and leave the service healthy on the same process.
[Collection(PlatformCollection.Name)]
public sealed class BadInputTests(PlatformFixture platform, ITestOutputHelper output)
{
    // Fewer cases than this for an operation means the generator lost its parameters or body.
    private const int MinimumCasesPerOperation = 10;

    [Fact]
    public async Task EveryCaseIsRefusedWithAProblemResponse()
    {
        var battery = await BadInputBattery.RunOnceAsync(platform);
        foreach (var service in battery.Services)
        {
            output.WriteLine(service.Summary);
        }
        var failures = battery.Services.SelectMany(s => s.Failures).ToList();
        foreach (var failure in failures)
        {
            output.WriteLine(failure.ToString());
        }
        Assert.True(failures.Count == 0, $"{failures.Count} cases were not refused with a 4xx problem; the first: {string.Join("\n", failures.Take(40))}");
    }

    [Fact]
    public async Task TheBatteryChangesNothing()
    {
        var battery = await BadInputBattery.RunOnceAsync(platform);
        Assert.True(battery.StateChanges.Count == 0, "Stored state changed during the battery: " + string.Join("; ", battery.StateChanges));
        // The snapshot saw every service database's audit table and the online store, so an empty diff means something.
        Assert.All(PlatformState.Databases, database => Assert.Contains($"{database}.public.audit_log", battery.WatchedState));
        Assert.Contains("online-store.dbsize", battery.WatchedState);
    }

    [Fact]
    public async Task EveryServiceStaysHealthyOnTheSameProcesses()
    {
        var battery = await BadInputBattery.RunOnceAsync(platform);
        Assert.All(PlatformFixture.Services, service =>
        {
            Assert.True(battery.HealthAfter[service] == 200, $"{service} /health answered {battery.HealthAfter[service]} after its battery.");
            Assert.True(battery.Processes[service] == "", $"{service} crashed or restarted during its battery ({battery.Processes[service]}).");
        });
    }

    [Fact]
    public async Task TheBatteryCoversEveryOperationOfEveryService()
    {
        var battery = await BadInputBattery.RunOnceAsync(platform);
        Assert.Equal(PlatformFixture.Services.Order(), battery.Services.Select(s => s.Service).Order());
        foreach (var service in battery.Services)
        {
            output.WriteLine($"{service.Service}: {service.Outcomes.Count} cases");
            Assert.True(service.Operations.Count >= 3, $"{service.Service}'s document lists only {service.Operations.Count} operations.");
            foreach (var operation in service.Operations)
            {
                var cases = service.Outcomes.Count(o => o.Case.Operation == operation);
                // A declared body gets a mutation per property besides the syntax, encoding, size and media-type ones.
                var body = operation.Body is { Schema.Properties.Count: > 0 } ? 3 * MinimumCasesPerOperation
                    : operation.Body is not null || operation.Method is "POST" or "PUT" or "PATCH" ? 2 * MinimumCasesPerOperation : 0;
                var expected = (operation.PathParameters.Count + operation.QueryParameters.Count == 0 ? 0 : MinimumCasesPerOperation) + body;
                Assert.True(cases >= expected, $"{operation}: only {cases} cases (expected at least {expected}).");
            }
        }
    }
}
