using Reference.Placement.Datasets;
using Reference.Placement.Plans;
using Reference.Placement.Policies;
using Reference.Placement.Workloads;

namespace Reference.Placement.Tests;

/// <summary>Residency and classification travel with lineage, and refusals say which rule and which data.</summary>
public class DataGovernanceTests
{
    private static Workload EuModel(string name = "fraud-scorer") => SampleTopology.Service(name) with
    {
        UserRegions = ["us-east"],
        LatencySloMs = 500,
        Lineage = [new LineageEntry("card_txn_stats", DataClassification.Internal, "eu"), new LineageEntry("merchant_risk", DataClassification.Internal, "eu")],
    };

    [Fact]
    public void A_model_with_eu_lineage_is_never_placed_outside_the_eu_and_the_refusal_names_the_feature_views()
    {
        var plan = PlacementEngine.Solve(SampleTopology.With(EuModel()));

        var placement = plan.Workload("fraud-scorer");
        Assert.All(placement.Assignments, a => Assert.Equal("eu", SampleTopology.Catalogue().Find(a.Cluster)!.Jurisdiction));
        Assert.Equal(["eu"], placement.Residency);
        foreach (var us in new[] { "aws-us-east-1", "azure-eastus" })
        {
            var refusal = Assert.Single(placement.Rejections, r => r.Cluster == us);
            Assert.Equal(ConstraintNames.DataResidency, refusal.Constraint);
            Assert.Equal(["feature view card_txn_stats", "feature view merchant_risk"], refusal.ImposedBy);
            Assert.Contains("card_txn_stats, merchant_risk", refusal.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_residency_rule_in_policies_is_cited_by_name_with_the_feature_views()
    {
        var policies = PolicySet.Parse("""
            rules:
              - name: gdpr-eu-only
                when: {residency: eu}
                require: {jurisdiction: eu}
            """);
        var problem = SampleTopology.With(EuModel()) with { Policies = policies };

        var placement = PlacementEngine.Solve(problem).Workload("fraud-scorer");

        var refusal = Assert.Single(placement.Rejections, r => r.Cluster == "aws-us-east-1");
        Assert.Equal("gdpr-eu-only", refusal.Constraint);
        Assert.Contains("residency eu (from feature views card_txn_stats, merchant_risk)", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("feature view merchant_risk", refusal.ImposedBy);
    }

    [Fact]
    public void Eu_lineage_with_only_us_clusters_stops_with_the_residency_rule_and_its_feature_views()
    {
        var problem = new PlacementProblem
        {
            Catalogue = Clusters.ClusterCatalogue.Parse("use: [aws-us-east-1, azure-eastus, onprem-us]"),
            Workloads = [EuModel()],
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(problem));

        Assert.Equal([ConstraintNames.DataResidency], error.ConflictingRules);
        var conflict = Assert.Single(error.Conflicts);
        Assert.Equal(["fraud-scorer"], conflict.Workloads);
        Assert.Equal(3, conflict.Rejections.Count);
        Assert.All(conflict.Rejections, r => Assert.Contains("feature view card_txn_stats", r.ImposedBy));
        Assert.Contains("card_txn_stats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restricted_lineage_keeps_a_workload_on_prem_citing_the_rule_and_the_view()
    {
        var model = SampleTopology.Service("claims-model") with
        {
            Lineage = [new LineageEntry("patient_history", DataClassification.Restricted)],
        };

        var placement = PlacementEngine.Solve(SampleTopology.With(model)).Workload("claims-model");

        Assert.Equal("onprem-eu", Assert.Single(placement.Assignments).Cluster);
        Assert.Equal(DataClassification.Restricted, placement.Classification);
        var clouds = placement.Rejections.Where(r => r.Constraint == "restricted-stays-on-prem").ToList();
        Assert.Equal(5, clouds.Select(r => r.Cluster).Distinct().Count());
        Assert.All(clouds, r =>
        {
            Assert.Equal(["feature view patient_history"], r.ImposedBy);
            Assert.Contains("provider must be onprem", r.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Classification_comes_from_the_datasets_a_workload_reads()
    {
        var reader = SampleTopology.Service("reader");
        var problem = SampleTopology.With(reader) with
        {
            Datasets =
            [
                new Dataset
                {
                    Name = "claims",
                    HomeCluster = "onprem-eu",
                    Classification = DataClassification.Confidential,
                    MonthlyReadsGb = new Dictionary<string, double> { ["reader"] = 10 },
                },
            ],
        };

        var placement = PlacementEngine.Solve(problem).Workload("reader");

        var refusal = Assert.Single(placement.Rejections, r => r.Cluster == "gcp-europe-west4");
        Assert.Equal("no-gcp-for-confidential", refusal.Constraint);
        Assert.Equal(["dataset claims"], refusal.ImposedBy);
    }

    [Fact]
    public void Conflicting_residencies_list_the_rule_and_both_sources()
    {
        var model = SampleTopology.Service("mixed") with
        {
            Lineage = [new LineageEntry("eu_view", DataClassification.Internal, "eu"), new LineageEntry("us_view", DataClassification.Internal, "us")],
        };

        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementEngine.Solve(SampleTopology.With(model)));

        Assert.Equal([ConstraintNames.DataResidency], error.ConflictingRules);
        Assert.Contains("eu_view", error.Message, StringComparison.Ordinal);
        Assert.Contains("us_view", error.Message, StringComparison.Ordinal);
    }
}
