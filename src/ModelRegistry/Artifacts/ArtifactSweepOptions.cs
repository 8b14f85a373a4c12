namespace Reference.ModelRegistry.Artifacts;

// Section "ArtifactSweep" (ArtifactSweep__Interval, ArtifactSweep__GracePeriod as TimeSpans such as 00:10:00).
public sealed class ArtifactSweepOptions
{
    public const string SectionName = "ArtifactSweep";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    // How long a file may go unwritten (a stalled or crashed upload) and an unreferenced artifact may exist before
    // the sweep removes it. Longer than the slowest upload's pause between writes.
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
}
