using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Reference.TrainingRunner.Infrastructure;
using Reference.TrainingRunner.Jobs;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Reference.TrainingRunner.UseCases;

// The use-case specs beside the binaries (or in Training:UseCasesDirectory), read once: <dir>/<Name>/usecase.yaml.
public sealed class UseCaseCatalog
{
    private readonly Lazy<IReadOnlyDictionary<string, UseCaseSpec>> specs;

    public UseCaseCatalog(IOptions<TrainingOptions> options, ILogger<UseCaseCatalog> logger)
    {
        specs = new Lazy<IReadOnlyDictionary<string, UseCaseSpec>>(() => Load(options.Value.UseCasesDirectory ?? Path.Combine(AppContext.BaseDirectory, "UseCases"), logger));
    }

    public IReadOnlyCollection<UseCaseSpec> All => [.. specs.Value.Values];

    public UseCaseSpec? Find(string name) => specs.Value.GetValueOrDefault(name);

    public UseCaseSpec? FindByModel(string model) => specs.Value.Values.FirstOrDefault(s => s.Training?.Model == model);

    public static UseCaseSpec Parse(string yaml) =>
        new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build().Deserialize<UseCaseSpec>(yaml);

    // The job a spec's training section describes; the window ends now.
    public static JobRequest ToJobRequest(UseCaseSpec spec, DateTimeOffset now)
    {
        var training = spec.Training!;
        TimeWindow? window = DurationText.TryParse(training.Window, out var span) ? new TimeWindow(now - span, null) : null;
        return new JobRequest(
            spec.Name, training.Model, training.FeatureService,
            training.Labels is null ? null : new LabelSource(training.Labels.FeatureView, training.Labels.Column),
            training.EntitySet, window, training.Algorithm,
            training.Hyperparameters?.ToDictionary(p => p.Key, p => ToJson(p.Value)),
            training.Validation is null ? null : new ValidationSplit(training.Validation.Split, training.Validation.Fraction),
            training.Gates is null ? null : new PromotionGates(training.Gates.Metric, training.Gates.Min, training.Gates.MaxRegression, training.Gates.Max),
            training.Placement is null ? null : new JobPlacement(null, training.Placement.RequiresGpu, training.Placement.Pools));
    }

    // YAML scalars arrive as strings: numbers and booleans become JSON numbers and booleans.
    private static JsonElement ToJson(object? value) => value switch
    {
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonSerializer.SerializeToElement(number),
        string text when bool.TryParse(text, out var flag) => JsonSerializer.SerializeToElement(flag),
        string text => JsonSerializer.SerializeToElement(text),
        null => JsonSerializer.SerializeToElement<object?>(null),
        _ => JsonSerializer.SerializeToElement(value.ToString()),
    };

    private static Dictionary<string, UseCaseSpec> Load(string directory, ILogger logger)
    {
        var result = new Dictionary<string, UseCaseSpec>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            logger.LogInformation("No use-case specs at {Directory}", directory);
            return result;
        }
        foreach (var file in Directory.EnumerateFiles(directory, "usecase.yaml", SearchOption.AllDirectories))
        {
            try
            {
                var spec = Parse(File.ReadAllText(file));
                if (spec.Name is { Length: > 0 } name)
                {
                    result[name] = spec;
                }
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                logger.LogError("Use-case spec {File} is not valid YAML: {Message}", file, ex.Message);
            }
        }
        return result;
    }
}
