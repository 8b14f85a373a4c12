using System.Runtime.InteropServices;

namespace Reference.Hosting.Orchestration;

/// <summary>
/// Stops the AppHost when whatever started it (dotnet run, a shell) dies without passing on a signal, for example
/// when it is SIGKILLed: the AppHost is then re-parented, which this notices within a second.
/// </summary>
internal static partial class ParentProcessWatch
{
    public static IDisposable Start(Action onParentGone)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Timer(_ => { });
        }

        var parent = getppid();
        var fired = 0;
        return new Timer(_ =>
        {
            if (getppid() != parent && Interlocked.Exchange(ref fired, 1) == 0)
            {
                onParentGone();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    [LibraryImport("libc")]
    private static partial int getppid();
}
