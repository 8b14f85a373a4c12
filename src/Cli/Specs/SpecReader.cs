using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Reference.Cli.Specs;

// Reads usecase.yaml: a spec path, or the name of a use case shipped beside the CLI (UseCases/<name>/usecase.yaml).
// YAML errors and invalid fields become a CliException that names the line or field and what to change.
public static class SpecReader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static UseCaseSpec Load(string pathOrName)
    {
        var path = Resolve(pathOrName);
        return Parse(File.ReadAllText(path), path);
    }

    public static UseCaseSpec Parse(string yaml, string source = "usecase.yaml")
    {
        UseCaseSpec? spec;
        try
        {
            spec = Yaml.Deserialize<UseCaseSpec>(yaml);
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new CliException($"{source} line {ex.Start.Line}, column {ex.Start.Column}: {reason} Fix the YAML there.", ExitCodes.Usage);
        }

        if (spec is null)
        {
            throw new CliException($"{source} is empty: write a use-case spec (name, entities, featureViews, …) in it.", ExitCodes.Usage);
        }

        var errors = SpecValidator.Validate(spec);
        if (errors.Count > 0)
        {
            throw new CliException($"{source} is not a valid use-case spec:{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => $"  {e.Field}: {e.Message}")), ExitCodes.Usage);
        }

        return spec;
    }

    private static string Resolve(string pathOrName)
    {
        if (File.Exists(pathOrName))
        {
            return pathOrName;
        }

        if (Directory.Exists(pathOrName) && File.Exists(Path.Combine(pathOrName, "usecase.yaml")))
        {
            return Path.Combine(pathOrName, "usecase.yaml");
        }

        var known = KnownUseCases();
        if (known.FirstOrDefault(k => string.Equals(k, pathOrName, StringComparison.OrdinalIgnoreCase)) is { } shipped)
        {
            return Path.Combine(AppContext.BaseDirectory, "UseCases", shipped, "usecase.yaml");
        }

        throw new CliException($"There is no use-case spec '{pathOrName}': give the path of a usecase.yaml" +
            (known.Length > 0 ? $" or one of the use cases shipped with the CLI: {string.Join(", ", known.Select(k => k.ToLowerInvariant()))}." : "."), ExitCodes.Usage);
    }

    private static string[] KnownUseCases()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "UseCases");
        return Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "usecase.yaml"))).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray()
            : [];
    }
}
