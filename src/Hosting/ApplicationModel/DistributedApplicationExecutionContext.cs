namespace Reference.Hosting;

public enum DistributedApplicationOperation
{
    Run,
    Publish,
}

public sealed class DistributedApplicationExecutionContext(DistributedApplicationOperation operation)
{
    public DistributedApplicationOperation Operation { get; } = operation;

    public bool IsRunMode => Operation == DistributedApplicationOperation.Run;

    public bool IsPublishMode => Operation == DistributedApplicationOperation.Publish;
}
