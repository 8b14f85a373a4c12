namespace Reference.Hosting.Orchestration;

/// <summary>What to start: the command line, where, with which environment, as which user.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Args, string WorkingDirectory)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run as this system user (PostgreSQL refuses to run as root).</summary>
    public string? RunAsUser { get; init; }

    public override string ToString() => string.Join(' ', [FileName, .. Args]);
}
