using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>Runs one resource: prepares it (where user errors surface), starts it, reports its state, stops it.</summary>
internal abstract class ResourceRunner(IResource resource, RunContext context)
{
    private string? fixedState = KnownResourceStates.NotStarted;
    private string? message;

    public IResource Resource { get; } = resource;

    protected RunContext Context { get; } = context;

    protected abstract string TypeName { get; }

    /// <summary>Checks that can fail for reasons the user must fix (binaries, settings), before anything starts.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the resource; returns once it runs. Health is reported through notifications.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        fixedState = null;
        message = null;
        await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        Publish();
    }

    public abstract Task StopAsync(TimeSpan grace);

    public void SetState(string state, string? why = null)
    {
        fixedState = state;
        message = why;
        Publish();
    }

    public void Publish() => Context.Notifications.Publish(new ResourceSnapshot(
        Resource.Name, TypeName, fixedState ?? CurrentState, fixedState is null ? Instances() : [], ConnectionString(), message));

    protected abstract Task StartCoreAsync(CancellationToken cancellationToken);

    protected abstract string CurrentState { get; }

    protected virtual IReadOnlyList<InstanceSnapshot> Instances() => [];

    private string? ConnectionString() =>
        Resource is IResourceWithConnectionString withConnection && fixedState is null
            ? withConnection.GetConnectionString(Context.ExecutionContext)
            : null;
}
