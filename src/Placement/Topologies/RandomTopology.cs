using Reference.Placement.Clusters;
using Reference.Placement.Datasets;
using Reference.Placement.Patterns;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement.Topologies;

/// <summary>
/// Generates random but plausible placement problems (clusters across clouds and on-prem, datasets,
/// workloads with patterns, calls, SLOs and policies) for optimality tests and benchmarks.
/// </summary>
public static class RandomTopology
{
    private static readonly string[] Locations = ["us-east", "us-west", "eu-west", "eu-central", "ap-southeast"];
    private static readonly CloudProvider[] Clouds = [CloudProvider.Aws, CloudProvider.Gcp, CloudProvider.Azure];
    private static readonly string[] GpuTypes = ["t4", "a100"];

    public static PlacementProblem Generate(RandomTopologyOptions options)
    {
        var random = new Random(options.Seed);
        var workloads = Workloads(random, options);
        var clusters = Clusters(random, options, workloads);
        var latency = ClusterCatalogue.LoadDefault().Latency;
        var catalogue = new ClusterCatalogue(clusters, latency, new DateOnly(2025, 6, 1));
        workloads = Grounded(random, options, workloads, clusters, out var anchors);
        workloads = Patterns(random, options, workloads, clusters);
        var datasets = Datasets(random, options, workloads, clusters, anchors);
        return new PlacementProblem
        {
            Catalogue = catalogue,
            Workloads = workloads,
            Datasets = datasets,
            Policies = options.WithPolicies ? Policies() : PolicySet.Empty,
        };
    }

    private static List<Cluster> Clusters(Random random, RandomTopologyOptions options, List<Workload> workloads)
    {
        var totalCpu = workloads.Sum(w => w.PerReplica.Cpu * w.Replicas) * 1.6;
        var totalMemory = workloads.Sum(w => w.PerReplica.MemoryGb * w.Replicas) * 1.6;
        var totalGpus = workloads.Sum(w => (w.PerReplica.Gpu?.Count ?? 0) * w.Replicas) * 1.6;
        var share = 1.0 / (options.Clusters * Math.Max(0.05, options.CapacityTightness));
        // Every cluster can hold the largest workload on its own, so capacity conflicts are about sharing.
        var largestCpu = workloads.Max(w => w.PerReplica.Cpu * w.Replicas) * 1.2;
        var largestMemory = workloads.Max(w => w.PerReplica.MemoryGb * w.Replicas) * 1.2;
        var largestGpus = workloads.Max(w => (w.PerReplica.Gpu?.Count ?? 0) * w.Replicas);
        var clusters = new List<Cluster>();
        for (var i = 0; i < options.Clusters; i++)
        {
            var onPrem = random.NextDouble() < 0.2;
            var provider = onPrem ? CloudProvider.OnPrem : Clouds[random.Next(Clouds.Length)];
            var location = Locations[random.Next(Locations.Length)];
            var jurisdiction = location.StartsWith("eu", StringComparison.Ordinal) ? "eu" : location.StartsWith("us", StringComparison.Ordinal) ? "us" : "sg";
            var discount = onPrem ? 0.55 : 1.0;
            var gpuTypes = GpuTypes.Where(_ => random.NextDouble() < 0.6).ToList();
            // Clouds have quota to spare; the cheap on-prem sites are where capacity runs out.
            var spread = (0.5 + random.NextDouble()) * (onPrem ? 1 : 3);
            var internet = onPrem ? 0.03 : Round(0.08 + random.NextDouble() * 0.04);
            clusters.Add(new Cluster
            {
                Name = $"c{i:00}-{provider.ToName()}-{location}",
                Provider = provider,
                Region = $"{location}-{i}",
                Location = location,
                Jurisdiction = jurisdiction,
                Capacity = new ClusterCapacity(
                    Math.Ceiling(Math.Max(largestCpu, totalCpu * share * spread)),
                    Math.Ceiling(Math.Max(largestMemory, totalMemory * share * spread)),
                    gpuTypes.ToDictionary(t => t, _ => (int)Math.Ceiling(Math.Max(largestGpus, totalGpus * share * spread)))),
                Prices = new ClusterPrices(
                    Round((0.025 + random.NextDouble() * 0.03) * discount),
                    Round((0.003 + random.NextDouble() * 0.003) * discount),
                    gpuTypes.ToDictionary(t => t, t => Round((t == "t4" ? 0.3 + random.NextDouble() * 0.4 : 2.5 + random.NextDouble() * 2) * discount)),
                    new EgressPrices(internet, Round(0.01 + random.NextDouble() * 0.02), internet, 0.02)),
                Registry = $"registry.c{i:00}.example",
            });
        }

        return clusters;
    }

    private static List<Workload> Workloads(Random random, RandomTopologyOptions options)
    {
        var names = Enumerable.Range(0, options.Workloads).Select(i => $"w{i:00}").ToList();
        var callProbability = options.Workloads <= 1 ? 0 : options.CallsPerWorkload / (options.Workloads - 1);
        var workloads = new List<Workload>();
        for (var i = 0; i < options.Workloads; i++)
        {
            var gpu = random.NextDouble() < 0.15 ? new GpuRequest(1 + random.Next(2), GpuTypes[random.Next(GpuTypes.Length)]) : null;
            var calls = names.Where((n, j) => j != i && random.NextDouble() < callProbability)
                .Select(n => new ServiceCall(n, Round(1 + random.NextDouble() * 500))).ToList();
            workloads.Add(new Workload
            {
                Name = names[i],
                Kind = gpu is null ? WorkloadKind.Service : WorkloadKind.Job,
                PerReplica = new ResourceRequest(0.5 + random.Next(16) * 0.5, 1 + random.Next(32), gpu),
                Replicas = 1 + random.Next(3),
                HoursPerMonth = gpu is null ? 730 : 50 + random.Next(300),
                Calls = calls,
                InternetEgressGbPerMonth = random.NextDouble() < 0.3 ? Round(random.NextDouble() * 300) : 0,
            });
        }

        return workloads;
    }

    /// <summary>
    /// Ties each workload to an anchor cluster that can host it (its GPU type, its users' area, its
    /// lineage's jurisdiction), so that most instances are feasible and the interesting part is the
    /// choice, not the refusal.
    /// </summary>
    private static List<Workload> Grounded(Random random, RandomTopologyOptions options, List<Workload> workloads, List<Cluster> clusters, out Cluster[] anchors)
    {
        var withGpus = clusters.Where(c => c.Capacity.Gpus.Count > 0).ToList();
        // Restricted data also counts as confidential, which the generated rules keep out of sg.
        var onPrem = clusters.Where(c => c.Provider == CloudProvider.OnPrem && c.Jurisdiction != "sg").ToList();
        var chosen = new Cluster[workloads.Count];
        var result = workloads.Select((w, i) =>
        {
            var restricted = options.WithPolicies && onPrem.Count > 0 && random.NextDouble() < 0.05;
            var pool = restricted ? onPrem : w.PerReplica.Gpu is not null && withGpus.Count > 0 ? withGpus : clusters;
            var anchor = chosen[i] = pool[random.Next(pool.Count)];
            if (w.PerReplica.Gpu is { } gpu)
            {
                var types = anchor.Capacity.Gpus.Keys.Order(StringComparer.Ordinal).ToList();
                w = types.Count == 0
                    ? w with { PerReplica = w.PerReplica with { Gpu = null }, Kind = WorkloadKind.Service, HoursPerMonth = 730 }
                    : w with { PerReplica = w.PerReplica with { Gpu = gpu with { Type = types[random.Next(types.Count)] } } };
            }

            if (random.NextDouble() < options.SloShare)
            {
                w = w with { UserRegions = [anchor.Location], LatencySloMs = 30 + random.Next(130) };
            }

            if (restricted)
            {
                w = w with { Lineage = [new LineageEntry($"view_{i:00}", DataClassification.Restricted, anchor.Jurisdiction)] };
            }
            else if (options.WithPolicies && anchor.Jurisdiction != "sg" && random.NextDouble() < 0.1)
            {
                w = w with { Lineage = [new LineageEntry($"view_{i:00}", DataClassification.Confidential, anchor.Jurisdiction)] };
            }

            return w;
        }).ToList();
        anchors = chosen;
        return result;
    }

    private static List<Workload> Patterns(Random random, RandomTopologyOptions options, List<Workload> workloads, List<Cluster> clusters)
    {
        var onPrem = clusters.Any(c => c.Provider == CloudProvider.OnPrem);
        return workloads.Select(w =>
        {
            // Restricted work stays on one on-prem cluster; a second site may not exist.
            if (random.NextDouble() >= options.PatternShare || w.Lineage.Any(l => l.Classification == DataClassification.Restricted))
            {
                return w;
            }

            PlacementPattern pattern = random.Next(3) switch
            {
                0 => new ActiveActive { Count = 2, Separation = random.NextDouble() < 0.5 ? Separation.Region : Separation.Provider, Weights = random.NextDouble() < 0.5 ? [70, 30] : [] },
                1 => new ActivePassive { StandbyReplicas = 1 },
                _ when onPrem && w.UserRegions.Count == 0 => new HybridBurst { BurstHoursPerMonth = Math.Min(w.HoursPerMonth, 20 + random.Next(100)) },
                _ => new ActivePassive { StandbyReplicas = 1, Separation = Separation.Provider },
            };
            return w with { Pattern = pattern };
        }).ToList();
    }

    private static List<Dataset> Datasets(Random random, RandomTopologyOptions options, List<Workload> workloads, List<Cluster> clusters, Cluster[] anchors)
    {
        var count = options.Datasets ?? Math.Max(1, options.Workloads / 2);
        var datasets = new List<Dataset>();
        for (var i = 0; i < count; i++)
        {
            var home = clusters[random.Next(clusters.Count)];
            var readers = workloads.Where(_ => random.NextDouble() < 2.0 / Math.Max(2, workloads.Count)).DefaultIfEmpty(workloads[random.Next(workloads.Count)]).Distinct().ToList();
            // Residency only where every reader can comply (its anchor is in that jurisdiction).
            var resident = options.WithPolicies && home.Jurisdiction == "eu" && random.NextDouble() < 0.3
                && readers.All(r => anchors[workloads.IndexOf(r)].Jurisdiction == "eu");
            datasets.Add(new Dataset
            {
                Name = $"d{i:00}",
                HomeCluster = home.Name,
                SizeGb = Round(10 + random.NextDouble() * 5000),
                Classification = options.WithPolicies && random.NextDouble() < 0.1 && readers.All(r => anchors[workloads.IndexOf(r)].Jurisdiction != "sg")
                    ? DataClassification.Confidential
                    : DataClassification.Internal,
                Residency = resident ? "eu" : null,
                MonthlyReadsGb = readers.ToDictionary(w => w.Name, _ => Round(10 + random.NextDouble() * 3000)),
            });
        }

        return datasets;
    }

    private static PolicySet Policies() => new(
    [
        new PolicyRule
        {
            Name = "restricted-stays-on-prem",
            When = new RuleCondition { ClassificationAtLeast = DataClassification.Restricted },
            Require = new ClusterSelector { Providers = [CloudProvider.OnPrem] },
        },
        new PolicyRule
        {
            Name = "confidential-not-in-sg",
            When = new RuleCondition { ClassificationAtLeast = DataClassification.Confidential },
            Forbid = new ClusterSelector { Jurisdictions = ["sg"] },
        },
    ]);

    private static double Round(double value) => Math.Round(value, 4);
}
