namespace Reference.Serving.Infrastructure;

// Bound from "Serving" (environment Serving__UseCase, Serving__Models__0__Model, Serving__SampleRate, ...).
public sealed class ServingOptions
{
    public const string SectionName = "Serving";

    // Serve this use case's serving section (usecase.yaml); ignored when Models is set.
    public string? UseCase { get; set; }

    // Explicit models; when empty, the use cases' serving sections decide (all of them unless UseCase names one).
    public List<ServedModelOptions> Models { get; set; } = [];

    public string? UseCasesDirectory { get; set; }

    public Uri RegistryUrl { get; set; } = new("http://model-registry/");

    public Uri FeatureStoreUrl { get; set; } = new("http://feature-store/");

    public Uri ObservabilityUrl { get; set; } = new("http://observability/");

    // Without registry events (a dropped stream), aliases are re-resolved this often; also the retry interval when down.
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    // A registry that answers 429 or 503 with Retry-After is left alone that long, but never longer than this.
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    public int MaxBatchRows { get; set; } = 1024;

    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    // Fraction of scored rows sent to observability.
    public double SampleRate { get; set; } = 0.1;

    // Per replica; 0 for no cap. Samples over it are skipped (counted), so a traffic peak does not flood observability.
    public int MaxSamplesPerSecond { get; set; } = 1000;

    public int SampleQueueCapacity { get; set; } = 10_000;

    public int SampleBatchSize { get; set; } = 500;

    public TimeSpan SampleFlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class ServedModelOptions
{
    public string Model { get; set; } = "";

    public string Alias { get; set; } = "champion";

    public CanaryOptions? Canary { get; set; }
}

public sealed class CanaryOptions
{
    public string Alias { get; set; } = "challenger";

    // Share of entity keys (0-100) routed to the challenger; in shadow mode the challenger scores every request.
    public double Percent { get; set; }

    // "split" (default): the challenger answers its share; "shadow": both score, the champion answers.
    public string Mode { get; set; } = CanaryModes.Split;

    public bool IsShadow => string.Equals(Mode, CanaryModes.Shadow, StringComparison.OrdinalIgnoreCase);
}

public static class CanaryModes
{
    public const string Split = "split";
    public const string Shadow = "shadow";
}
