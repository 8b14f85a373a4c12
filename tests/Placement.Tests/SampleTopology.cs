using Reference.Placement;
using Reference.Placement.Clusters;
using Reference.Placement.Datasets;
using Reference.Placement.Patterns;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement.Tests;

/// <summary>
/// A fraud use case on three clouds and a Frankfurt data centre: a GPU training job bursting from
/// on-prem, an active-active scorer, a feature server near its data, an active-passive registry
/// and a US recommender next to its clickstream (on Azure, where compute is dearer than AWS).
/// </summary>
internal static class SampleTopology
{
    public const string ClustersYaml = """
        use: [aws-eu-west-1, aws-us-east-1, gcp-europe-west4, azure-westeurope, azure-eastus, onprem-eu]
        """;

    public const string PoliciesYaml = """
        rules:
          - name: no-gcp-for-confidential
            description: Confidential data is processed only where the DPA is signed.
            when: {classificationAtLeast: confidential}
            forbid: {provider: gcp}
          - name: restricted-stays-on-prem
            when: {classificationAtLeast: restricted}
            require: {provider: onprem}
        """;

    public static readonly LineageEntry CardTxnStats = new("card_txn_stats", DataClassification.Confidential, "eu");
    public static readonly LineageEntry MerchantRisk = new("merchant_risk", DataClassification.Internal, "eu");

    public static ClusterCatalogue Catalogue() => ClusterCatalogue.Parse(ClustersYaml);

    public static PolicySet Policies() => PolicySet.Parse(PoliciesYaml);

    public static List<Workload> Workloads() =>
    [
        new()
        {
            Name = "fraud-train",
            Kind = WorkloadKind.Job,
            PerReplica = new ResourceRequest(8, 64, new GpuRequest(1, "a100")),
            HoursPerMonth = 200,
            Pattern = new HybridBurst { BurstHoursPerMonth = 40 },
            Lineage = [CardTxnStats, MerchantRisk],
        },
        new()
        {
            Name = "fraud-scorer",
            PerReplica = new ResourceRequest(2, 4),
            Replicas = 4,
            Pattern = new ActiveActive { Count = 2, Separation = Separation.Provider },
            UserRegions = ["eu-west", "eu-central"],
            LatencySloMs = 30,
            Calls = [new ServiceCall("feature-online", 50)],
            InternetEgressGbPerMonth = 20,
            Lineage = [CardTxnStats, MerchantRisk],
        },
        new()
        {
            Name = "feature-online",
            PerReplica = new ResourceRequest(2, 8),
            Replicas = 2,
        },
        new()
        {
            Name = "model-registry",
            PerReplica = new ResourceRequest(1, 2),
            Replicas = 2,
            Pattern = new ActivePassive { StandbyReplicas = 1, Separation = Separation.Provider },
            Calls = [],
        },
        new()
        {
            Name = "recommender",
            PerReplica = new ResourceRequest(4, 16),
            Replicas = 3,
            UserRegions = ["us-east"],
            LatencySloMs = 50,
        },
    ];

    public static List<Dataset> Datasets() =>
    [
        new()
        {
            Name = "card-transactions",
            HomeCluster = "onprem-eu",
            SizeGb = 2000,
            Classification = DataClassification.Confidential,
            Residency = "eu",
            MonthlyReadsGb = new Dictionary<string, double> { ["fraud-train"] = 3000, ["feature-online"] = 400 },
        },
        new()
        {
            Name = "clickstream",
            HomeCluster = "azure-eastus",
            SizeGb = 5000,
            MonthlyReadsGb = new Dictionary<string, double> { ["recommender"] = 1500 },
        },
    ];

    public static PlacementProblem Problem() => new()
    {
        Catalogue = Catalogue(),
        Workloads = Workloads(),
        Datasets = Datasets(),
        Policies = Policies(),
    };

    /// <summary>A problem with just the given workloads (and no datasets) on the sample clusters and rules.</summary>
    public static PlacementProblem With(params Workload[] workloads) => new()
    {
        Catalogue = Catalogue(),
        Workloads = workloads,
        Policies = Policies(),
    };

    public static Workload Service(string name, double cpu = 1, double memoryGb = 2) => new()
    {
        Name = name,
        PerReplica = new ResourceRequest(cpu, memoryGb),
    };
}
