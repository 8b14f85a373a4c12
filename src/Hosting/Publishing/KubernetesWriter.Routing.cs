using System.Globalization;
using Reference.Hosting.ApplicationModel;
using Reference.Placement.Clusters;
using Reference.Placement.Plans;
using Reference.Placement.Workloads;
using static Reference.Hosting.Publishing.KubernetesObjects;

namespace Reference.Hosting.Publishing;

// Traffic rules for the patterns: external-dns weights and failover, Istio DestinationRules with locality settings.
internal sealed partial class KubernetesWriter
{
    /// <summary>
    /// The public name of a workload served from this cluster, or null when nobody reaches it from outside: an Ingress
    /// with TLS (cert-manager or a given Secret) whose external-dns record is weighted (active-active) or failover
    /// (active-passive) when the zone's DNS provider has routing policies (Route 53).
    /// </summary>
    private YamlMap? Ingress(PublishedWorkload workload, WorkloadPlacement placement, Cluster cluster)
    {
        var mine = placement.Assignments.First(a => a.Cluster == cluster.Name);
        var calledFromElsewhere = workloads.Any(w => environments[w.Name].CalledServices.Contains(workload.Name) &&
            Placement(w.Name).Assignments.Any(a => !placement.Assignments.Any(b => b.Cluster == a.Cluster)));
        var multi = placement.Assignments.Count > 1;
        if (!multi && !calledFromElsewhere && workload.Workload.UserRegions.Count == 0)
        {
            return null;
        }

        var host = PublicHost(workload.Name);
        var annotations = new YamlMap();
        if (settings.TlsSecretName is null)
        {
            annotations.Add("cert-manager.io/cluster-issuer", settings.TlsIssuer);
        }

        var routed = settings.DnsProvider == "aws" && multi;
        if (routed && mine.Role == AssignmentRole.Active)
        {
            annotations.Add($"{DnsPrefix}set-identifier", cluster.Name);
            annotations.Add($"{DnsPrefix}aws-weight", ((int)Math.Round(mine.Weight * 100)).ToString(CultureInfo.InvariantCulture));
        }
        else if (routed && mine.Role is AssignmentRole.Primary or AssignmentRole.Standby)
        {
            annotations.Add($"{DnsPrefix}set-identifier", cluster.Name);
            annotations.Add($"{DnsPrefix}aws-failover", mine.Role == AssignmentRole.Primary ? "PRIMARY" : "SECONDARY");
            if (settings.HealthCheckIds.TryGetValue($"{workload.Name}/{cluster.Name}", out var healthCheck))
            {
                annotations.Add($"{DnsPrefix}aws-health-check-id", healthCheck);
            }
            else
            {
                missingHealthChecks.Add((workload.Name, cluster.Name, mine.Role));
            }
        }

        return Object("networking.k8s.io/v1", "Ingress", Metadata(workload.Name, WorkloadLabels(workload), annotations), ("spec", new YamlMap
        {
            { "ingressClassName", settings.IngressClass },
            { "tls", new List<object> { new YamlMap { { "hosts", new List<object> { host } }, { "secretName", settings.TlsSecretName ?? $"{workload.Name}-tls" } } } },
            { "rules", new List<object> { new YamlMap
                {
                    { "host", host },
                    { "http", new YamlMap { { "paths", new List<object> { new YamlMap
                        {
                            { "path", "/" },
                            { "pathType", "Prefix" },
                            { "backend", new YamlMap { { "service", new YamlMap { { "name", workload.Name }, { "port", new YamlMap { { "name", "http" } } } } } } },
                        } } } } },
                } } },
        }));
    }

    /// <summary>Istio locality load balancing: distribute by weight (active-active) or fail over primary → standby (active-passive).</summary>
    private YamlMap? DestinationRule(PublishedWorkload workload, WorkloadPlacement placement)
    {
        var locality = new YamlMap { { "enabled", true } };
        var actives = placement.Assignments.Where(a => a.Role == AssignmentRole.Active && a.Weight > 0).ToList();
        if (actives.Count > 1)
        {
            var shares = Percentages(actives.Select(a => (Region(a.Cluster), a.Weight)).GroupBy(x => x.Item1, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Sum(x => x.Weight))).OrderBy(x => x.Key, StringComparer.Ordinal).ToList());
            var to = new YamlMap();
            foreach (var (region, percent) in shares)
            {
                to.Add($"{region}/*", percent);
            }

            locality.Add("distribute", shares.Select(s => (object)new YamlMap { { "from", $"{s.Region}/*" }, { "to", to } }).ToList());
        }
        else if (placement.Assignments.FirstOrDefault(a => a.Role == AssignmentRole.Primary) is { } primary &&
                 placement.Assignments.FirstOrDefault(a => a.Role == AssignmentRole.Standby) is { } standby)
        {
            locality.Add("failover", new List<object> { new YamlMap { { "from", Region(primary.Cluster) }, { "to", Region(standby.Cluster) } } });
        }
        else
        {
            return null;
        }

        return Object("networking.istio.io/v1", "DestinationRule", Metadata(workload.Name, WorkloadLabels(workload)), ("spec", new YamlMap
        {
            { "host", $"{workload.Name}.{settings.Namespace}.svc.cluster.local" },
            { "trafficPolicy", new YamlMap
                {
                    { "loadBalancer", new YamlMap { { "simple", "ROUND_ROBIN" }, { "localityLbSetting", locality } } },
                    // Locality load balancing needs outlier detection to notice an unhealthy locality.
                    { "outlierDetection", new YamlMap { { "consecutive5xxErrors", 5 }, { "interval", "10s" }, { "baseEjectionTime", "30s" } } },
                }
            },
        }));
    }

    private string Region(string cluster) => catalogue.Find(cluster)!.Region;

    /// <summary>Whole percentages summing to 100 (largest remainder), as Istio requires.</summary>
    private static List<(string Region, int Percent)> Percentages(List<(string Region, double Weight)> weights)
    {
        var total = weights.Sum(w => w.Weight);
        var exact = weights.Select(w => (w.Region, Value: w.Weight / total * 100)).ToList();
        var result = exact.Select(e => (e.Region, Percent: (int)Math.Floor(e.Value))).ToList();
        var left = 100 - result.Sum(r => r.Percent);
        foreach (var index in exact.Select((e, i) => (Remainder: e.Value - Math.Floor(e.Value), i)).OrderByDescending(x => x.Remainder).ThenBy(x => x.i).Take(left).Select(x => x.i).ToList())
        {
            result[index] = (result[index].Region, result[index].Percent + 1);
        }

        return result;
    }
}
