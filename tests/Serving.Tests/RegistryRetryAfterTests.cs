extern alias serving;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reference.FeatureStore.Client;
using Reference.ModelRegistry.Client;
using Reference.Serving.Tests.Support;
using Reference.ServiceDefaults;
using serving::Reference.Serving.Infrastructure;
using serving::Reference.Serving.Models;

namespace Reference.Serving.Tests;

// The registry answers artifact downloads with 429 and Retry-After when its transfer slots are full (the fixture
// gives it ServingFixture.RegistryExpensiveConcurrency of them). Serving's model lifecycle runs here in-process
// against that real registry, with its own retry interval set far longer than the registry's Retry-After.
[Collection(ServingCollection.Name)]
public sealed class RegistryRetryAfterTests(ServingFixture fixture)
{
    private static readonly TimeSpan LongInterval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_saturated_registry_is_asked_again_after_its_retry_after_and_the_new_champion_then_loads()
    {
        var name = $"serve-busy-{Guid.NewGuid():N}"[..24];
        var v1 = await fixture.Champions.PromoteAsync(name, fixture.Champions.Train("logistic"));
        var v2 = await fixture.Champions.RegisterAsync(name, fixture.Champions.Train("gbdt", new() { ["trees"] = 5, ["maxDepth"] = 2 }));

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var instrumentation = new ServiceInstrumentation(new HostingEnvironment { ApplicationName = "Reference.Serving" }, services.GetRequiredService<IMeterFactory>());
        using var registryHttp = fixture.Client("model-registry", "service");
        using var featureStoreHttp = fixture.Client("feature-store", "service");
        var registry = new ModelRegistryClient(registryHttp);
        var catalog = new ModelCatalog([new ServedModelOptions { Model = name }]);
        var status = new RegistryStatus(TimeProvider.System);
        var options = new ServingOptions { RetryInterval = LongInterval, ReconcileInterval = LongInterval };
        using var lifecycle = new ModelLifecycle(catalog, registry, new ModelLoader(registry, new FeatureStoreHttpClient(featureStoreHttp), NullLogger<ModelLoader>.Instance),
            status, new ServingMetrics(instrumentation), Options.Create(options), NullLogger<ModelLifecycle>.Instance);
        var served = catalog.All.Single();

        Assert.Equal(new NextReconcile(LongInterval, false), await lifecycle.ReconcileAllAsync(CancellationToken.None));
        Assert.Equal(v1, served.Champion!.Version);

        await using var held = await HeldUploads.SaturateAsync(fixture, name, ServingFixture.RegistryExpensiveConcurrency);
        await fixture.Champions.SetAliasAsync(name, "champion", v2);

        // The download is refused: come back after the registry's Retry-After (1 s), not after serving's own 10 minutes.
        var busy = await lifecycle.ReconcileAllAsync(CancellationToken.None);
        Assert.Equal(new NextReconcile(TimeSpan.FromSeconds(1), true), busy);
        Assert.Equal(v1, served.Champion!.Version);
        Assert.False(status.IsReachable);
        Assert.Contains("429", status.Problem);

        await held.ReleaseAsync();
        Assert.Equal(new NextReconcile(LongInterval, false), await lifecycle.ReconcileAllAsync(CancellationToken.None));
        Assert.Equal(v2, served.Champion!.Version);
        Assert.True(status.IsReachable);
    }

    [Fact]
    public void The_wait_is_the_retry_after_within_bounds_and_serving_s_interval_without_one()
    {
        var options = new ServingOptions { RetryInterval = TimeSpan.FromSeconds(2), MaxRetryAfter = TimeSpan.FromSeconds(60) };
        Assert.Equal(TimeSpan.FromSeconds(5), RegistryRetryAfter.Wait(TimeSpan.FromSeconds(5), options));
        Assert.Equal(TimeSpan.FromSeconds(60), RegistryRetryAfter.Wait(TimeSpan.FromHours(1), options));
        Assert.Equal(RegistryRetryAfter.MinRetryAfter, RegistryRetryAfter.Wait(TimeSpan.Zero, options));
        Assert.Equal(TimeSpan.FromSeconds(2), RegistryRetryAfter.Wait(null, options));
    }
}
