using System.Reflection;
using Reference.UseCases.SampleData;

namespace Reference.Cli.Ingest;

// The sample data generators beside the CLI, picked by usecase.yaml's sampleData.generator. The CLI references every
// project under src/UseCases, so a use case added there (by hand or with `dotnet new ai-usecase`) is found here
// without a registration line: any public ISampleDataGenerator with a parameterless constructor in a *.UseCases.*
// assembly.
public static class SampleDataGenerators
{
    private static readonly Lazy<IReadOnlyList<ISampleDataGenerator>> Discovered = new(Discover);

    public static IReadOnlyList<ISampleDataGenerator> All => Discovered.Value;

    public static ISampleDataGenerator Find(string? name) =>
        All.FirstOrDefault(g => g.Name == name)
        ?? throw new CliException($"sampleData.generator is '{name}', which this CLI does not know; use one of: {string.Join(", ", All.Select(g => g.Name))}.", ExitCodes.Usage);

    private static IReadOnlyList<ISampleDataGenerator> Discover()
    {
        var generators = new List<ISampleDataGenerator>();
        foreach (var path in Directory.EnumerateFiles(AppContext.BaseDirectory, "*.UseCases.*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = Assembly.Load(AssemblyName.GetAssemblyName(path));
            foreach (var type in assembly.GetExportedTypes())
            {
                if (type is { IsClass: true, IsAbstract: false } && typeof(ISampleDataGenerator).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
                {
                    generators.Add((ISampleDataGenerator)Activator.CreateInstance(type)!);
                }
            }
        }

        return generators.OrderBy(g => g.Name, StringComparer.Ordinal).ToList();
    }
}
