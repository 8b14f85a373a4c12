using Reference.Serving.Infrastructure;

namespace Reference.Serving.Models;

// A configured model name and the versions its aliases point at. Swaps replace a reference atomically: a request
// that already took the old version finishes on it, the next one gets the new one, and none waits or fails.
public sealed class ServedModel(ServedModelOptions options)
{
    private volatile LoadedModel? champion;
    private volatile LoadedModel? challenger;

    public string Name { get; } = options.Model;

    public ServedModelOptions Options { get; } = options;

    public LoadedModel? Champion => champion;

    public LoadedModel? Challenger => challenger;

    public bool IsShadow => Options.Canary?.IsShadow == true;

    internal void SetChampion(LoadedModel model) => champion = model;

    internal void SetChallenger(LoadedModel? model) => challenger = model;

    // The loaded version with this number (champion or challenger), or null.
    public LoadedModel? FindVersion(int version)
    {
        var current = champion;
        if (current?.Version == version)
        {
            return current;
        }
        var candidate = challenger;
        return candidate?.Version == version ? candidate : null;
    }

    // Split canary: a stable share of routing keys goes to the challenger. In shadow mode the champion always answers.
    public LoadedModel? Route(uint keyHash, out LoadedModel? shadow)
    {
        shadow = null;
        var current = champion;
        var candidate = challenger;
        if (candidate is null || Options.Canary is not { } canary)
        {
            return current;
        }
        if (canary.IsShadow)
        {
            shadow = current is null ? null : candidate;
            return current ?? candidate;
        }
        return current is null || (keyHash % 10_000) < canary.Percent * 100 ? candidate : current;
    }
}
