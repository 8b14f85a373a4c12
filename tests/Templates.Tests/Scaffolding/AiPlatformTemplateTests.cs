using System.Text.RegularExpressions;
using Reference.Placement.Clusters;
using Reference.Templates.Tests.Rules;

namespace Reference.Templates.Tests.Scaffolding;

// `dotnet new ai-platform` from the pack installed in a sandbox: what each option puts in the scaffold, that a
// scaffold builds with warnings as errors, and that its publish places workloads on exactly the chosen clouds.
public sealed partial class AiPlatformTemplateTests(ScaffoldedPlatforms platforms, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ScaffoldedPlatforms>
{
    [Fact]
    public async Task Defaults_give_a_fraud_platform_on_every_cloud_named_after_the_user()
    {
        var folder = await platforms.Sandbox.NewPlatformAsync("defaults", "Fabrikam.Scoring");

        Assert.True(File.Exists(Path.Combine(folder, "Fabrikam.Scoring.sln")));
        Assert.True(File.Exists(Path.Combine(folder, "src", "ModelRegistry", "Fabrikam.Scoring.ModelRegistry.csproj")));
        Assert.Equal(["Fraud", "SampleData"], Folders(folder, "src", "UseCases"));
        var program = File.ReadAllText(Path.Combine(folder, "AppHost", "Program.cs"));
        Assert.Contains("using Fabrikam.Scoring.Hosting;", program);
        Assert.Contains("Projects.Fabrikam_Scoring_ModelRegistry", program);
        Assert.Contains(".WithUseCase(\"fraud\")", program);
        Assert.Contains("new ActiveActive { Count = 2, Separation = Separation.Region }", program);
        Assert.Contains("AddProject<Projects.Fabrikam_Scoring_Observability>", program);
        Assert.Equal(new[] { "aws", "gcp", "azure", "onprem" }.SelectMany(c => ClustersOf(c, "eu")).Order(), UsedInClustersYaml(folder).Order());
        AssertNothingLeftOver(folder);
    }

    [Fact]
    public async Task Options_choose_the_use_case_the_observability_and_the_ports()
    {
        var churn = await platforms.ScaffoldAsync(ScaffoldedPlatforms.Churn);
        var demand = await platforms.ScaffoldAsync(ScaffoldedPlatforms.Demand);

        Assert.Equal(["Churn", "Fraud", "SampleData"], Folders(churn, "src", "UseCases"));
        Assert.Equal(["Demand", "Fraud", "SampleData"], Folders(demand, "src", "UseCases"));
        Assert.True(File.Exists(Path.Combine(churn, "AppHost", "Contoso.Risk.Eu.AppHost.csproj")));
        var churnSolution = File.ReadAllText(Path.Combine(churn, "Contoso.Risk.Eu.sln"));
        Assert.Contains(@"src\UseCases\Churn\Contoso.Risk.Eu.UseCases.Churn.csproj", churnSolution);
        Assert.DoesNotContain("UseCases.Demand", churnSolution);
        Assert.DoesNotContain("Templates.Tests", churnSolution);

        var churnProgram = File.ReadAllText(Path.Combine(churn, "AppHost", "Program.cs"));
        var demandProgram = File.ReadAllText(Path.Combine(demand, "AppHost", "Program.cs"));
        Assert.Contains(".WithUseCase(\"churn\")", churnProgram);
        Assert.Contains("SampleUseCase\"] ?? \"demand\"", demandProgram);
        Assert.Contains("new ActivePassive { StandbyReplicas = 1, Separation = Separation.Region }", churnProgram);
        Assert.Contains("new HybridBurst()", demandProgram);
        Assert.Contains("Projects.Contoso_Risk_Eu_Observability", churnProgram);
        Assert.DoesNotContain("Contoso_Risk_Eu_Observability", demandProgram);
        Assert.DoesNotContain("observability.With", demandProgram);
        Assert.DoesNotContain("(observability)", demandProgram);
        Assert.DoesNotContain("#if", demandProgram);
        Assert.Contains("jurisdiction\", \"us\")", demandProgram);
        Assert.Contains("residency: us\n", File.ReadAllText(Path.Combine(demand, "src", "UseCases", "Demand", "usecase.yaml")));
        Assert.Contains("residency: us\n", File.ReadAllText(Path.Combine(demand, "deploy", "datasets.yaml")));

        // Nothing of the defaults is left where an option chose otherwise.
        Assert.False(churnProgram.Contains("\"fraud\"", StringComparison.Ordinal) || demandProgram.Contains("\"fraud\"", StringComparison.Ordinal), "The AppHost still names the fraud use case.");
        Assert.False(churnProgram.Contains("Separation.Provider", StringComparison.Ordinal) || demandProgram.Contains("Separation.Provider", StringComparison.Ordinal), "The AppHost kept a pattern of the repository's.");
        Assert.False(demandProgram.Contains("\"eu", StringComparison.Ordinal), "A us platform's AppHost still names an EU jurisdiction or region.");
        AssertSolutionNamesExactlyItsProjects(churn, "Contoso.Risk.Eu.sln");
        AssertSolutionNamesExactlyItsProjects(demand, "Contoso.Risk.Eu.sln");

        var churnPorts = Ports(churn);
        var demandPorts = Ports(demand);
        Assert.All(churnPorts.Concat(demandPorts), p => Assert.InRange(p, 17000, 18999));
        Assert.Empty(churnPorts.Intersect(demandPorts));
        AssertNothingLeftOver(churn);
        AssertNothingLeftOver(demand);
    }

    [Fact]
    public async Task The_template_changes_only_the_files_its_options_are_about()
    {
        // Renaming aside: the solution, the AppHost's code and settings, the use cases' specs and deploy/*.yaml. Not
        // the platform's tests or libraries, which hold the same text for their own reasons.
        string[] expected = ["Contoso.Risk.Eu.sln", "AppHost/Program.cs", "AppHost/appsettings.json", "deploy/clusters.yaml", "deploy/datasets.yaml", "deploy/policies.yaml"];
        foreach (var options in new[] { ScaffoldedPlatforms.Churn, ScaffoldedPlatforms.Demand })
        {
            var changed = ScaffoldDiff.ChangedFiles(await platforms.ScaffoldAsync(options), options.Name);

            var unexpected = changed.Where(f => !expected.Contains(f) && !UseCaseSpec().IsMatch(f)).ToList();
            Assert.True(unexpected.Count == 0, $"--use-case {options.UseCase} --pattern {options.Pattern} --residency {options.Residency} changed files it is not about: {string.Join(", ", unexpected)}");
            Assert.Contains("AppHost/Program.cs", changed);
        }
    }

    [Fact]
    public async Task A_churn_platform_builds_and_publishes_to_exactly_its_clouds()
    {
        var published = await platforms.PublishAsync(ScaffoldedPlatforms.Churn);

        await AssertPlacedOnExactlyTheChosenCloudsAsync(ScaffoldedPlatforms.Churn, published);
        Assert.Contains("observability", published.ManifestResources);
        Assert.Equal("active-passive", published.Plan.Workload("model-registry").Pattern);
        Assert.Contains(published.Plan.Workloads, w => w.Workload == "churn-training");
    }

    [Fact]
    public async Task A_demand_platform_without_observability_publishes_to_its_us_clusters_and_bursts_from_onprem()
    {
        var published = await platforms.PublishAsync(ScaffoldedPlatforms.Demand);

        await AssertPlacedOnExactlyTheChosenCloudsAsync(ScaffoldedPlatforms.Demand, published);
        Assert.DoesNotContain("observability", published.ManifestResources);
        var featureStore = published.Plan.Workload("feature-store");
        Assert.Equal("hybrid-burst", featureStore.Pattern);
        Assert.Contains(featureStore.Assignments, a => a.Cluster == "onprem-us");
        Assert.All(published.UsedClusters, c => Assert.Equal("us", ClusterCatalogue.LoadDefault().Find(c)!.Jurisdiction));
    }

    [Theory]
    [InlineData("cloud-per-workload")]
    [InlineData("active-active")]
    public async Task The_chosen_pattern_is_how_the_registry_and_the_feature_store_are_published(string pattern)
    {
        var options = pattern == "active-active" ? ScaffoldedPlatforms.FraudEveryCloud : ScaffoldedPlatforms.FraudOneCloud;
        var published = await platforms.PublishAsync(options);

        await AssertPlacedOnExactlyTheChosenCloudsAsync(options, published);
        Assert.Equal(pattern, published.Plan.Workload("model-registry").Pattern);
        var featureStore = published.Plan.Workload("feature-store");
        Assert.Equal(pattern, featureStore.Pattern);
        Assert.Equal(pattern == "active-active" ? 2 : 1, featureStore.Assignments.Select(a => a.Cluster).Distinct().Count());
    }

    [Fact]
    public async Task A_scaffolded_platform_passes_its_own_tests_runs_until_ready_and_scores_an_entity()
    {
        await platforms.WithBuiltTreeAsync(ScaffoldedPlatforms.FraudEveryCloud, async (tree, appHost) =>
        {
            // Its own `dotnet test`, on the unit tests of two libraries, publish, and one service against real
            // PostgreSQL (all of them take about ten minutes here, the whole budget of this suite). Publish.Tests
            // carries its own sample deploy/ files, so the scaffold's rewritten deploy/ does not change what it tests.
            string[] own = ["Learning.Tests", "Placement.Tests", "Publish.Tests", "ModelRegistry.Tests"];
            var started = System.Diagnostics.Stopwatch.StartNew();
            var results = await OwnTestRun.RunAsync(platforms.Sandbox, tree, ScaffoldedPlatforms.BuiltName, own, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
            output.WriteLine($"The scaffold's own build and tests took {started.Elapsed.TotalSeconds:0} s: {string.Join(", ", results.Select(r => $"{r.Assembly} {r.Passed} passed"))}.");
            Assert.Equal(own.Select(p => $"{ScaffoldedPlatforms.BuiltName}.{p}").Order(StringComparer.Ordinal), results.Select(r => r.Assembly).Order(StringComparer.Ordinal));
            Assert.All(results, r => Assert.True(r.Passed > 0 && r.Failed == 0, $"{r.Assembly}: {r.Passed} passed, {r.Failed} failed"));

            // A small sample and few trees: the point is the whole loop in the scaffold, not the model.
            await using var platform = RunningPlatform.Start(tree, appHost, platforms.Sandbox.Environment, "--Platform:SampleRows=4000", "--Platform:SampleTrees=20");
            await platform.WaitUntilReadyAsync(TimeSpan.FromMinutes(8));

            var token = (await platforms.Sandbox.DotnetAsync(tree, [appHost, "token", "--role", "viewer"], TimeSpan.FromMinutes(1))).Succeeded()
                .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            using var client = new HttpClient { BaseAddress = new Uri(RunningPlatform.Url(tree, "serving")) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var card = FirstCard();
            using var response = await client.PostAsync("/api/predict/fraud-detector", new StringContent($"{{\"entities\": {{\"card_id\": [\"{card}\"]}}}}", System.Text.Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var score = json.RootElement.GetProperty("results")[0].GetProperty("score").GetDouble();
            Assert.InRange(score, 0, 1);
        });
    }

    // An entity the sample data loaded: the fraud generator's first card with its seed.
    private static string FirstCard() => Reference.UseCases.Fraud.FraudSampleData.Generate(4000, 42).First().CardId;

    private async Task AssertPlacedOnExactlyTheChosenCloudsAsync(PlatformOptions options, PublishedPlatform published)
    {
        Assert.Equal(options.ExpectedClusters.Order(), published.ConsideredClusters.Order());
        Assert.NotEmpty(published.Overlays);
        Assert.Equal(published.UsedClusters, published.Overlays);
        var catalogue = ClusterCatalogue.LoadDefault();
        Assert.All(published.Overlays, o => Assert.Contains(catalogue.Find(o)!.Provider.ToString(), options.Providers, StringComparer.OrdinalIgnoreCase));
        await published.AssertOverlaysRenderAsync(platforms.Sandbox.Environment);
    }

    private static string[] ClustersOf(string cloud, string area) =>
        [.. new PlatformOptions("x", "fraud", [cloud], "active-active", area).ExpectedClusters];

    private static List<string> UsedInClustersYaml(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "deploy", "clusters.yaml")).SkipWhile(l => l != "use:").Skip(1)
            .TakeWhile(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..].Trim()).ToList();

    private static List<string> Folders(string folder, params string[] path) =>
        Directory.EnumerateDirectories(Path.Combine([folder, .. path])).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();

    private static int[] Ports(string folder) =>
        [.. PortPattern().Matches(File.ReadAllText(Path.Combine(folder, "AppHost", "appsettings.json"))).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    // No template-only or machine-local content, and no name of the template's own left in code.
    private static void AssertNothingLeftOver(string folder)
    {
        foreach (var excluded in new[] { "templates", ".platform", ".git", Path.Combine("tests", "Templates.Tests"), Path.Combine("deploy", "out"), Path.Combine("bench", "results") })
        {
            Assert.False(Directory.Exists(Path.Combine(folder, excluded)), $"{excluded} was copied into the scaffold");
        }

        Assert.DoesNotContain(Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories), d => Path.GetFileName(d) is "bin" or "obj");
        var leftovers = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f) is ".cs" or ".csproj" or ".sln" or ".props" or ".targets")
            .SelectMany(f => LeftoverName().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(folder, f)}: {m.Value}"))
            .ToList();
        Assert.Empty(leftovers);
    }

    // A scaffold's solution names exactly the projects it has: none the options left out, none of its own missing.
    private static void AssertSolutionNamesExactlyItsProjects(string folder, string solutionName)
    {
        var solution = SolutionFile.Read(Path.Combine(folder, solutionName));
        var projects = solution.Entries.Where(e => !e.IsFolder).ToList();
        Assert.All(projects, p => Assert.True(File.Exists(Path.Combine(folder, p.RelativePath)), $"{solutionName} names {p.Path}, which the scaffold does not have."));
        var onDisk = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'));
        Assert.Empty(onDisk.Except(projects.Select(p => p.RelativePath)));
        var declared = solution.Entries.Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(solution.MentionedIds(), id => Assert.True(declared.Contains(id), $"{solutionName} configures or nests {{{id}}}, which it does not declare."));
    }

    [GeneratedRegex("^src/UseCases/[^/]+/usecase\\.yaml$")]
    private static partial Regex UseCaseSpec();

    [GeneratedRegex("\"(?:Dashboard|Serving)\": (\\d+)")]
    private static partial Regex PortPattern();

    [GeneratedRegex("(?<![A-Za-z.])Reference[._]")]
    private static partial Regex LeftoverName();
}
