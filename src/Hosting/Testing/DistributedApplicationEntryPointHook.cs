namespace Reference.Hosting.Testing;

/// <summary>
/// Lets the testing builder run an AppHost's Main and take its builder: CreateBuilder applies the test's options,
/// and Build() hands the builder over instead of returning an application, which ends Main early.
/// </summary>
internal static class DistributedApplicationEntryPointHook
{
    private static readonly AsyncLocal<Interception?> Current = new();

    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options)
    {
        if (Current.Value is { } interception)
        {
            options = interception.ConfigureOptions(options);
            return new DistributedApplicationBuilder(options, interception.AppHostAssembly);
        }

        return new DistributedApplicationBuilder(options, System.Reflection.Assembly.GetEntryAssembly());
    }

    public static bool TryIntercept(DistributedApplicationBuilder builder)
    {
        if (Current.Value is not { } interception)
        {
            return false;
        }

        interception.Captured = builder;
        return true;
    }

    public static DistributedApplicationBuilder Run(System.Reflection.Assembly appHost, string[] args, Func<DistributedApplicationOptions, DistributedApplicationOptions> configure)
    {
        var entryPoint = appHost.EntryPoint ?? throw new ArgumentException($"{appHost.GetName().Name} has no entry point; pass a type from the AppHost project.");
        var interception = new Interception(appHost, configure);
        Current.Value = interception;
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
        catch (Exception ex) when (Unwrap(ex) is InterceptedException)
        {
        }
        finally
        {
            Current.Value = null;
        }

        return interception.Captured ?? throw new InvalidOperationException($"{appHost.GetName().Name} returned without calling Build() on its DistributedApplication builder.");
    }

    private static Exception Unwrap(Exception ex) => ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : ex;

    internal sealed class InterceptedException() : Exception("The testing builder took over the application model.");

    private sealed class Interception(System.Reflection.Assembly appHost, Func<DistributedApplicationOptions, DistributedApplicationOptions> configure)
    {
        public System.Reflection.Assembly AppHostAssembly { get; } = appHost;

        public Func<DistributedApplicationOptions, DistributedApplicationOptions> ConfigureOptions { get; } = configure;

        public DistributedApplicationBuilder? Captured { get; set; }
    }
}
