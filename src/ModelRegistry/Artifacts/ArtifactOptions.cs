using Microsoft.Extensions.Options;

namespace Reference.ModelRegistry.Artifacts;

// Section "Artifacts" (environment Artifacts__MaxBytes, Artifacts__Store, Artifacts__FileSystemRoot).
public sealed class ArtifactOptions
{
    public const string SectionName = "Artifacts";

    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    // The metadata part carries the data profile, which can be sizeable for wide feature sets.
    public int MaxMetadataBytes { get; set; } = 8 * 1024 * 1024;

    // "postgres" (default) or "filesystem"; versions keep the store they were written to.
    public string Store { get; set; } = ArtifactStoreNames.Postgres;

    public string? FileSystemRoot { get; set; }
}

internal sealed class ArtifactOptionsValidation : IValidateOptions<ArtifactOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactOptions options)
    {
        if (options.MaxBytes <= 0 || options.MaxMetadataBytes <= 0)
        {
            return ValidateOptionsResult.Fail("Artifacts:MaxBytes and Artifacts:MaxMetadataBytes must be positive.");
        }
        if (options.Store is not (ArtifactStoreNames.Postgres or ArtifactStoreNames.FileSystem))
        {
            return ValidateOptionsResult.Fail($"Artifacts:Store '{options.Store}' is not a store; use '{ArtifactStoreNames.Postgres}' or '{ArtifactStoreNames.FileSystem}'.");
        }
        if (options.Store == ArtifactStoreNames.FileSystem && string.IsNullOrWhiteSpace(options.FileSystemRoot))
        {
            return ValidateOptionsResult.Fail("Artifacts:Store is 'filesystem': set Artifacts:FileSystemRoot to the folder that keeps the artifacts.");
        }
        return ValidateOptionsResult.Success;
    }
}

public static class ArtifactStoreNames
{
    public const string Postgres = "postgres";
    public const string FileSystem = "filesystem";
}
