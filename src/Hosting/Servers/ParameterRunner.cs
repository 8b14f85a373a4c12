using Reference.Hosting.ApplicationModel;
using Reference.Hosting.Orchestration;

namespace Reference.Hosting.Servers;

/// <summary>Parameters have no process: resolving the value (or failing clearly) is all there is.</summary>
internal sealed class ParameterRunner(ParameterResource parameter, RunContext context) : ResourceRunner(parameter, context)
{
    private string state = KnownResourceStates.NotStarted;

    protected override string TypeName => "Parameter";

    protected override string CurrentState => state;

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        _ = parameter.Value;
        return Task.CompletedTask;
    }

    protected override Task StartCoreAsync(CancellationToken cancellationToken)
    {
        state = KnownResourceStates.Healthy;
        return Task.CompletedTask;
    }

    public override Task StopAsync(TimeSpan grace) => Task.CompletedTask;
}
