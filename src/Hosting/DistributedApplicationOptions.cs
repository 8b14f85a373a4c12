namespace Reference.Hosting;

public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>Folder of the AppHost project: appsettings.json and, one level up, the state folder live relative to it.</summary>
    public string? AppHostDirectory { get; init; }

    /// <summary>Where data folders, secrets and run state go; default {solution}/.platform.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Replace fixed ports with free ones, so that tests can run side by side.</summary>
    public bool RandomizePorts { get; init; }

    /// <summary>Print resource logs and the status table on the console.</summary>
    public bool ConsoleOutput { get; init; } = true;
}
