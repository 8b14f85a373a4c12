using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Reference.ServiceDefaults;

// The service's own activity source and meter, both named after the entry assembly (Reference.ModelRegistry, ...).
public sealed class ServiceInstrumentation : IDisposable
{
    public ServiceInstrumentation(IHostEnvironment environment, IMeterFactory meterFactory)
    {
        Name = NameFor(environment);
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory.Create(Name);
    }

    public string Name { get; }

    public ActivitySource ActivitySource { get; }

    public Meter Meter { get; }

    // ApplicationName defaults to the entry assembly's name.
    public static string NameFor(IHostEnvironment environment) => environment.ApplicationName;

    public void Dispose() => ActivitySource.Dispose();
}
