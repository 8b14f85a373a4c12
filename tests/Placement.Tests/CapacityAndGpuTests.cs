using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;

namespace Reference.Placement.Tests;

public class CapacityAndGpuTests
{
    [Fact]
    public void Clusters_without_the_gpu_type_are_filtered_out_by_the_gpu_type_constraint()
    {
        var train = SampleTopology.Service("train", cpu: 8, memoryGb: 64) with { PerReplica = new ResourceRequest(8, 64, new GpuRequest(1, "h100")) };

        var placement = PlacementEngine.Solve(SampleTopology.With(train)).Workload("train");

        // Of the sample clusters only gcp-europe-west4 and azure-westeurope and aws-us-east-1 and azure-eastus have h100s.
        var noH100 = placement.Rejections.Where(r => r.Constraint == ConstraintNames.GpuType).Select(r => r.Cluster).ToList();
        Assert.Equal(["aws-eu-west-1", "onprem-eu"], noH100);
        Assert.All(placement.Rejections.Where(r => r.Constraint == ConstraintNames.GpuType), r => Assert.Contains("needs h100", r.Detail, StringComparison.Ordinal));
        Assert.Equal("aws-us-east-1", Assert.Single(placement.Assignments).Cluster);
    }

    [Fact]
    public void A_cluster_too_small_in_total_is_filtered_out_by_capacity()
    {
        var big = SampleTopology.Service("big", cpu: 100, memoryGb: 100) with { Replicas = 6 };

        var placement = PlacementEngine.Solve(SampleTopology.With(big)).Workload("big");

        var refusal = Assert.Single(placement.Rejections, r => r.Cluster == "onprem-eu");
        Assert.Equal(ConstraintNames.Capacity, refusal.Constraint);
        Assert.Contains("600 vCPU", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_capacity_sends_the_second_workload_elsewhere_and_says_so()
    {
        var catalogue = ClusterCatalogue.Parse("""
            latencyMs: {here: {}}
            clusters:
              cheap:
                provider: onprem
                region: dc1
                location: here
                jurisdiction: eu
                capacity: {cpu: 10, memoryGb: 100}
                prices: {cpuHour: 0.01, egress: {internet: 0, interRegion: 0, interCloud: 0, interconnect: 0}}
              dear:
                provider: aws
                region: r1
                location: here
                jurisdiction: eu
                capacity: {cpu: 100, memoryGb: 100}
                prices: {cpuHour: 0.05, egress: {internet: 0, interRegion: 0, interCloud: 0, interconnect: 0}}
            """, "clusters.yaml", overDefault: false);
        var problem = new PlacementProblem
        {
            Catalogue = catalogue,
            // "a" is bigger, so putting it on the cheap cluster saves more.
            Workloads = [SampleTopology.Service("a", cpu: 8, memoryGb: 1), SampleTopology.Service("b", cpu: 6, memoryGb: 1)],
        };

        var plan = PlacementEngine.Solve(problem);

        Assert.Equal("cheap", Assert.Single(plan.Workload("a").Assignments).Cluster);
        Assert.Equal("dear", Assert.Single(plan.Workload("b").Assignments).Cluster);
        var refusal = Assert.Single(plan.Workload("b").Rejections);
        Assert.Equal(("cheap", ConstraintNames.Capacity), (refusal.Cluster, refusal.Constraint));
        Assert.Contains("needs 6 vCPU, 2 left", refusal.Detail, StringComparison.Ordinal);
        Assert.Equal(8, plan.Clusters.Single(c => c.Cluster == "cheap").CpuReserved);
    }

    [Fact]
    public void Gpus_are_a_shared_capacity_per_type()
    {
        var train = (string name) => SampleTopology.Service(name, cpu: 4, memoryGb: 16) with
        {
            Kind = WorkloadKind.Job,
            PerReplica = new ResourceRequest(4, 16, new GpuRequest(4, "a100")),
            Replicas = 3,
            HoursPerMonth = 100,
        };

        // onprem-eu has 16 a100s: one job of 12 fits, the second must go to a cloud.
        var plan = PlacementEngine.Solve(SampleTopology.With(train("train-a"), train("train-b")));

        var onPrem = plan.Clusters.Single(c => c.Cluster == "onprem-eu");
        Assert.Equal(12, onPrem.GpusReserved["a100"]);
        Assert.Single(onPrem.Workloads);
        Assert.True(plan.ProvedOptimal);
    }
}
