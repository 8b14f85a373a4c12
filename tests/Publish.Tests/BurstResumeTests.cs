using System.Text.Json;

namespace Reference.Publish.Tests;

/// <summary>Suspended burst Jobs come with kubernetes/BURST.md: the burst order, the command that resumes each, and why nothing resumes them itself.</summary>
public class BurstResumeTests
{
    [Fact]
    public void Burst_md_lists_each_suspended_burst_job_in_rank_order_with_the_command_that_resumes_it()
    {
        using var sample = new SamplePlatform();
        sample.Publish();
        var plan = JsonDocument.Parse(sample.Read("placement.json")).RootElement;
        var training = plan.GetProperty("workloads").EnumerateArray().Single(w => w.GetProperty("workload").GetString() == "fraud-training");
        var bursts = training.GetProperty("assignments").EnumerateArray()
            .Where(a => a.GetProperty("role").GetString() == "burst")
            .OrderBy(a => a.GetProperty("burstRank").GetInt32())
            .Select(a => a.GetProperty("cluster").GetString()!)
            .ToList();
        Assert.NotEmpty(bursts);

        var burstMd = sample.Read("kubernetes/BURST.md");

        Assert.Contains("## `fraud-training` (base: `onprem-eu`)", burstMd);
        var positions = bursts.Select((cluster, i) =>
        {
            var line = $"{i + 1}. `{cluster}`: `kubectl --context {cluster} -n platform patch job fraud-training --type=merge -p '{{\"spec\":{{\"suspend\":false}}}}'`";
            Assert.Contains(line, burstMd);
            return burstMd.IndexOf(line, StringComparison.Ordinal);
        }).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("Nothing resumes them automatically", burstMd);
        Assert.DoesNotContain("`onprem-eu`: `kubectl", burstMd);
    }
}
