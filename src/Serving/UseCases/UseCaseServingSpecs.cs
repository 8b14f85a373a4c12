using Reference.Serving.Infrastructure;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Reference.Serving.UseCases;

// The models to serve: Serving:Models when configured, else the serving sections of the use-case specs beside
// the binaries (UseCases/<Name>/usecase.yaml), all of them or the one Serving:UseCase names.
public static class UseCaseServingSpecs
{
    public static IReadOnlyList<ServedModelOptions> Resolve(ServingOptions options)
    {
        if (options.Models.Count > 0)
        {
            return options.Models;
        }
        var directory = options.UseCasesDirectory ?? Path.Combine(AppContext.BaseDirectory, "UseCases");
        var result = new List<ServedModelOptions>();
        if (!Directory.Exists(directory))
        {
            return result;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "usecase.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var spec = Parse(File.ReadAllText(file));
            if (spec.Serving?.Model is not { Length: > 0 } model ||
                (options.UseCase is { Length: > 0 } only && !string.Equals(spec.Name, only, StringComparison.Ordinal)))
            {
                continue;
            }
            result.Add(new ServedModelOptions
            {
                Model = model,
                Alias = spec.Serving.Alias ?? "champion",
                Canary = spec.Serving.Canary is { } canary
                    ? new CanaryOptions { Alias = canary.Alias ?? "challenger", Percent = canary.Percent, Mode = canary.Mode ?? CanaryModes.Split }
                    : null,
            });
        }
        return result;
    }

    internal static UseCaseDocument Parse(string yaml) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build().Deserialize<UseCaseDocument>(yaml);

    internal sealed class UseCaseDocument
    {
        public string? Name { get; set; }

        public ServingSection? Serving { get; set; }
    }

    internal sealed class ServingSection
    {
        public string? Model { get; set; }

        public string? Alias { get; set; }

        public CanarySection? Canary { get; set; }
    }

    internal sealed class CanarySection
    {
        public string? Alias { get; set; }

        public double Percent { get; set; }

        public string? Mode { get; set; }
    }
}
