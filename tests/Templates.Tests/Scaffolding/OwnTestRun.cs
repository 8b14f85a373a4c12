using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reference.Templates.Tests.Scaffolding;

// A scaffold's own `dotnet test` over some of its test projects, through a solution filter beside its solution: one
// build (warnings as errors) that reuses the tree's build output, then the tests without building again.
internal static partial class OwnTestRun
{
    /// <summary>The per-project totals that `dotnet test` printed: the test assembly, tests passed and failed.</summary>
    public static async Task<IReadOnlyList<(string Assembly, int Passed, int Failed)>> RunAsync(
        TemplateSandbox sandbox, string tree, string name, IReadOnlyList<string> testProjects, TimeSpan buildTimeout, TimeSpan testTimeout)
    {
        var filter = Path.Combine(tree, $"{name}.own-tests.slnf");
        var projects = testProjects.Select(p => $@"tests\{p}\{name}.{p}.csproj").ToArray();
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new { solution = new { path = $"{name}.sln", projects } }));
        (await sandbox.DotnetAsync(tree, ["build", filter, "-warnaserror", "-nologo"], buildTimeout)).Succeeded();
        var run = (await sandbox.DotnetAsync(tree, ["test", filter, "--no-build", "-nologo"], testTimeout)).Succeeded();
        return Summary().Matches(run.Output)
            .Select(m => (m.Groups["assembly"].Value, int.Parse(m.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups["failed"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    // VSTest's closing line per test assembly, e.g. "Passed!  - Failed:     0, Passed:    65, Skipped: 0, Total: 65, Duration: 14 s - X.Tests.dll (net10.0)".
    [GeneratedRegex(@"^(?:Passed|Failed)!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+),.*\s-\s+(?<assembly>\S+)\.dll", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
