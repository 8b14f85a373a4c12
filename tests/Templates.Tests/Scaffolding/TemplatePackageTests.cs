namespace Reference.Templates.Tests.Scaffolding;

// `dotnet pack templates` makes a template package that installs and scaffolds like the repository folder does.
public sealed class TemplatePackageTests : IAsyncLifetime
{
    private readonly TemplateSandbox sandbox = new(installRepository: false);

    public Task InitializeAsync() => sandbox.InitializeAsync();

    public Task DisposeAsync() => sandbox.DisposeAsync();

    [Fact]
    public async Task The_packed_templates_install_and_scaffold_a_platform_and_a_use_case()
    {
        var packages = Path.Combine(sandbox.Root, "packages");
        (await sandbox.DotnetAsync(RepositoryPaths.Root, ["pack", Path.Combine(RepositoryPaths.Root, "templates"), "-o", packages], TimeSpan.FromMinutes(4))).Succeeded();
        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        var installed = (await sandbox.DotnetAsync(sandbox.Root, ["new", "install", package], TimeSpan.FromMinutes(2))).Succeeded();
        Assert.Contains("ai-platform", installed.Output);
        Assert.Contains("ai-usecase", installed.Output);

        var platform = await sandbox.NewPlatformAsync("packed", "Northwind.Demand", "--use-case", "demand", "--clouds", "gcp");
        Assert.True(File.Exists(Path.Combine(platform, "Northwind.Demand.sln")));
        Assert.True(File.Exists(Path.Combine(platform, ".ci", "run")));
        Assert.True(File.Exists(Path.Combine(platform, "src", "UseCases", "Demand", "Northwind.Demand.UseCases.Demand.csproj")));
        Assert.Contains("  - gcp-europe-west4", File.ReadAllLines(Path.Combine(platform, "deploy", "clusters.yaml")));
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(platform, "deploy", "clusters.yaml")), l => l.StartsWith("  - aws", StringComparison.Ordinal));

        var useCase = await sandbox.DotnetAsync(platform, ["new", "ai-usecase", "-n", "Returns", "--platform", "Northwind.Demand"], TimeSpan.FromMinutes(2));
        useCase.Succeeded();
        var folder = Path.Combine(platform, "src", "UseCases", "Returns");
        Assert.True(File.Exists(Path.Combine(folder, "Northwind.Demand.UseCases.Returns.csproj")));
        Assert.Contains("namespace Northwind.Demand.UseCases.Returns;", File.ReadAllText(Path.Combine(folder, "ReturnsSampleDataGenerator.cs")));
        var spec = File.ReadAllText(Path.Combine(folder, "usecase.yaml"));
        Assert.StartsWith("name: returns\n", spec);
        Assert.Contains("sampleData: {generator: returns", spec);
        Assert.Contains(@"src\UseCases\Returns\Northwind.Demand.UseCases.Returns.csproj", File.ReadAllText(Path.Combine(platform, "Northwind.Demand.sln")));
    }
}
