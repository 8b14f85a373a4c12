using Reference.Placement.Clusters;
using Reference.Placement.Configuration;

namespace Reference.Placement.Tests;

public class CatalogueTests
{
    [Fact]
    public void The_default_catalogue_covers_the_main_regions_of_each_cloud_and_on_prem_with_dated_list_prices()
    {
        var catalogue = ClusterCatalogue.LoadDefault();

        Assert.Equal(new DateOnly(2025, 6, 1), catalogue.PricesReadOn);
        Assert.Equal([CloudProvider.Aws, CloudProvider.Gcp, CloudProvider.Azure, CloudProvider.OnPrem], catalogue.Clusters.Select(c => c.Provider).Distinct().Order());
        Assert.All(new[] { "us", "eu" }, j => Assert.All(new[] { CloudProvider.Aws, CloudProvider.Gcp, CloudProvider.Azure },
            p => Assert.Contains(catalogue.Clusters, c => c.Provider == p && c.Jurisdiction == j)));
        Assert.Equal(0.09, catalogue.Find("aws-us-east-1")!.Prices.Egress.Internet);
        Assert.Equal(0.12, catalogue.Find("gcp-us-central1")!.Prices.Egress.Internet);
        Assert.Equal(0.02, catalogue.Find("aws-us-east-1")!.Prices.Egress.InterRegion);
        Assert.Equal(0.02, catalogue.Find("onprem-eu")!.Prices.Egress.Interconnect);
        Assert.Equal(DataServiceOffering.InCluster, catalogue.Find("onprem-eu")!.Postgres);
        Assert.True(catalogue.Find("azure-westeurope")!.Redis.IsManaged);
        Assert.Equal(catalogue.Clusters.Select(c => c.Name).Order(StringComparer.Ordinal), catalogue.Clusters.Select(c => c.Name));
    }

    [Fact]
    public void Every_default_price_says_whether_it_was_verified_and_verified_ones_cite_a_dated_source()
    {
        var catalogue = ClusterCatalogue.LoadDefault();

        Assert.All(catalogue.Clusters, c => Assert.Contains(c.PriceCheck.Compute, new[] { PriceCheck.Verified, PriceCheck.Estimate }));
        var us = catalogue.Find("aws-us-east-1")!;
        Assert.True(us.PriceCheck.FullyVerified);
        Assert.Equal(0.04048, us.Prices.CpuHour);
        Assert.Equal(0.004445, us.Prices.MemoryGbHour);
        Assert.Equal(new DateOnly(2026, 11, 22), us.PriceCheck.CheckedOn);
        Assert.Contains(us.PriceCheck.Sources, s => s.StartsWith("https://aws.amazon.com/fargate/pricing/", StringComparison.Ordinal));
        Assert.Equal(PriceCheck.Estimate, catalogue.Find("azure-westeurope")!.PriceCheck.Compute);
        Assert.Equal(PriceCheck.Estimate, catalogue.Find("onprem-eu")!.PriceCheck.Egress);
        Assert.All(catalogue.Clusters.Where(c => c.PriceCheck.Compute == PriceCheck.Verified || c.PriceCheck.Egress == PriceCheck.Verified),
            c => Assert.True(c.PriceCheck.CheckedOn is not null && c.PriceCheck.Sources.Count > 0, $"{c.Name} is verified without a dated source"));

        var error = Assert.Throws<PlacementConfigurationException>(() => ClusterCatalogue.Parse("""
            clusters:
              azure-westeurope:
                priceCheck: {compute: verified}
            """));
        Assert.Contains("checkedOn", error.Message);
    }

    [Fact]
    public void Latency_is_symmetric_and_known_for_every_pair_of_catalogue_locations()
    {
        var catalogue = ClusterCatalogue.LoadDefault();
        var locations = catalogue.Clusters.Select(c => c.Location).Distinct().ToList();

        foreach (var a in locations)
        {
            foreach (var b in locations)
            {
                Assert.NotNull(catalogue.Latency.Between(a, b));
                Assert.Equal(catalogue.Latency.Between(a, b), catalogue.Latency.Between(b, a));
            }
        }

        Assert.Equal(LatencyTable.SameLocationMs, catalogue.Latency.Between("eu-west", "eu-west"));
        Assert.Equal(75, catalogue.Latency.Between("eu-west", "us-east"));
    }

    [Fact]
    public void An_override_merges_by_name_field_by_field_adds_clusters_and_selects_with_use()
    {
        var catalogue = ClusterCatalogue.Parse("""
            pricesReadOn: 2025-09-01
            use: [aws-eu-west-1, onprem-eu, onprem-lyon]
            clusters:
              aws-eu-west-1:
                prices: {cpuHour: 0.03, gpuHour: {a100: 3.5}}
                registry: 123456789012.dkr.ecr.eu-west-1.amazonaws.com
              onprem-eu:
                capacity: {cpu: 1024}
              onprem-lyon:
                provider: onprem
                region: dc-lyon
                location: eu-west
                jurisdiction: eu
                capacity: {cpu: 256, memoryGb: 1024, gpus: {l4: 8}}
                prices:
                  cpuHour: 0.02
                  memoryGbHour: 0.002
                  gpuHour: {l4: 0.3}
                  egress: {internet: 0.03, interRegion: 0.01, interCloud: 0.03, interconnect: 0.015}
            latencyMs:
              eu-west: {eu-central: 12}
            """);
        var defaults = ClusterCatalogue.LoadDefault();

        Assert.Equal(["aws-eu-west-1", "onprem-eu", "onprem-lyon"], catalogue.Clusters.Select(c => c.Name));
        Assert.Equal(new DateOnly(2025, 9, 1), catalogue.PricesReadOn);
        var aws = catalogue.Find("aws-eu-west-1")!;
        var awsDefault = defaults.Find("aws-eu-west-1")!;
        Assert.Equal(0.03, aws.Prices.CpuHour);
        Assert.Equal(3.5, aws.Prices.GpuHour["a100"]);
        Assert.Equal(awsDefault.Prices.GpuHour["t4"], aws.Prices.GpuHour["t4"]);
        Assert.Equal(awsDefault.Prices.MemoryGbHour, aws.Prices.MemoryGbHour);
        Assert.Equal(awsDefault.Prices.Egress, aws.Prices.Egress);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com", aws.Registry);
        var onPrem = catalogue.Find("onprem-eu")!;
        Assert.Equal(1024, onPrem.Capacity.Cpu);
        Assert.Equal(defaults.Find("onprem-eu")!.Capacity.MemoryGb, onPrem.Capacity.MemoryGb);
        Assert.Equal(8, catalogue.Find("onprem-lyon")!.Capacity.GpusOf("l4"));
        Assert.Equal(12, catalogue.Latency.Between("eu-central", "eu-west"));
        Assert.Equal(75, catalogue.Latency.Between("us-east", "eu-west"));
    }

    [Fact]
    public void An_unknown_field_is_reported_with_file_line_and_field_path()
    {
        var error = Assert.Throws<PlacementConfigurationException>(() => ClusterCatalogue.Parse("""
            clusters:
              aws-eu-west-1:
                prices:
                  cpuHours: 0.03
            """, "deploy/clusters.yaml"));

        Assert.Equal(("deploy/clusters.yaml", 4, "clusters.aws-eu-west-1.prices.cpuHours"), (error.File, error.Line, error.Field));
        Assert.Contains("unknown field 'cpuHours'; expected one of cpuHour, memoryGbHour, gpuHour, egress", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("deploy/clusters.yaml:4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_cluster_missing_a_field_names_the_field_and_the_override_file()
    {
        var error = Assert.Throws<PlacementConfigurationException>(() => ClusterCatalogue.Parse("""
            clusters:
              edge-1:
                provider: onprem
                location: eu-west
                jurisdiction: eu
                capacity: {cpu: 8, memoryGb: 32}
                prices: {cpuHour: 0.02, egress: {internet: 0.05, interRegion: 0.02, interCloud: 0.05, interconnect: 0.02}}
            """, "deploy/clusters.yaml"));

        Assert.Equal(("deploy/clusters.yaml", 3, "clusters.edge-1.region"), (error.File, error.Line, error.Field));
        Assert.Contains("required field is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusters:\n  aws-eu-west-1:\n    provider: amazon\n", 3, "clusters.aws-eu-west-1.provider", "unknown provider 'amazon'; expected aws, gcp, azure or onprem")]
    [InlineData("clusters:\n  aws-eu-west-1:\n    capacity: {cpu: lots}\n", 3, "clusters.aws-eu-west-1.capacity.cpu", "'lots' is not a number")]
    [InlineData("clusters:\n  aws-eu-west-1:\n    location: eu-wset\n", 3, "clusters.aws-eu-west-1.location", "location 'eu-wset' is not in latencyMs")]
    [InlineData("use: [aws-eu-west-1, aws-mars-1]\n", 1, "use[1]", "no cluster named 'aws-mars-1'")]
    [InlineData("clusters:\n  aws-eu-west-1:\n    prices: {cpuHour: 0.03\n", 4, "", "not valid YAML")]
    public void Errors_name_line_field_and_what_is_expected(string yaml, int line, string field, string problem)
    {
        var error = Assert.Throws<PlacementConfigurationException>(() => ClusterCatalogue.Parse(yaml, "clusters.yaml"));

        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }
}
