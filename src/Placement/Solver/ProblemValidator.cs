using Reference.Placement.Clusters;
using Reference.Placement.Configuration;
using Reference.Placement.Lineage;
using Reference.Placement.Patterns;

namespace Reference.Placement.Solver;

/// <summary>Checks that names resolve and numbers make sense before anything is solved; reports all problems at once.</summary>
internal static class ProblemValidator
{
    public static void Validate(PlacementProblem problem)
    {
        var errors = new List<string>();
        var catalogue = problem.Catalogue;
        if (catalogue.Clusters.Count == 0)
        {
            errors.Add("the catalogue has no clusters");
        }

        var workloadNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var workload in problem.Workloads)
        {
            var at = $"workload '{workload.Name}'";
            if (!ResourceName.IsValid(workload.Name))
            {
                errors.Add($"{at}: the name must have {ResourceName.Rule}");
            }

            if (!workloadNames.Add(workload.Name))
            {
                errors.Add($"{at} is listed twice");
            }

            if (workload.Replicas < 1)
            {
                errors.Add($"{at}: replicas must be at least 1");
            }

            if (workload.PerReplica.Cpu < 0 || workload.PerReplica.MemoryGb < 0 || !double.IsFinite(workload.PerReplica.Cpu) || !double.IsFinite(workload.PerReplica.MemoryGb))
            {
                errors.Add($"{at}: cpu and memory must be zero or more");
            }

            if (workload.PerReplica.Gpu is { } gpu && (gpu.Count < 1 || string.IsNullOrWhiteSpace(gpu.Type)))
            {
                errors.Add($"{at}: a GPU request needs a count of at least 1 and a type");
            }

            if (!(workload.HoursPerMonth > 0 && workload.HoursPerMonth <= 744))
            {
                errors.Add($"{at}: hoursPerMonth must be more than 0 and at most 744");
            }

            if (workload.InternetEgressGbPerMonth < 0 || workload.Calls.Any(c => c.GbPerMonth < 0 || !double.IsFinite(c.GbPerMonth)))
            {
                errors.Add($"{at}: GB per month must be zero or more");
            }

            if (workload.LatencySloMs is { } slo && workload.UserRegions.Count > 0)
            {
                if (slo <= 0)
                {
                    errors.Add($"{at}: the latency SLO must be positive");
                }

                var known = catalogue.Latency.Locations;
                foreach (var region in workload.UserRegions.Where(r => !known.Contains(r) && catalogue.Clusters.All(c => c.Location != r)))
                {
                    errors.Add($"{at}: user region '{region}' is not in the latency table; known: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
                }
            }

            ValidatePattern(problem, workload, at, errors);
        }

        foreach (var workload in problem.Workloads)
        {
            foreach (var call in workload.Calls.Where(c => !workloadNames.Contains(c.Target)))
            {
                errors.Add($"workload '{workload.Name}' calls '{call.Target}', which is not a workload");
            }
        }

        var datasetNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dataset in problem.Datasets)
        {
            var at = $"dataset '{dataset.Name}'";
            if (!datasetNames.Add(dataset.Name))
            {
                errors.Add($"{at} is listed twice");
            }

            var home = catalogue.Find(dataset.HomeCluster);
            if (home is null)
            {
                errors.Add($"{at}: home cluster '{dataset.HomeCluster}' is not in the catalogue");
            }
            else if (!DataProfile.IsUnconstrained(dataset.Residency) && !string.Equals(home.Jurisdiction, dataset.Residency, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{at}: residency {dataset.Residency} but it lives on {home.Name} in jurisdiction {home.Jurisdiction}");
            }

            foreach (var (reader, gb) in dataset.MonthlyReadsGb)
            {
                if (!workloadNames.Contains(reader))
                {
                    errors.Add($"{at}: read by '{reader}', which is not a workload");
                }

                if (gb < 0 || !double.IsFinite(gb))
                {
                    errors.Add($"{at}: GB read by '{reader}' must be zero or more");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PlacementInputException(errors);
        }
    }

    private static void ValidatePattern(PlacementProblem problem, Workloads.Workload workload, string at, List<string> errors)
    {
        void Known(string? name, string role)
        {
            if (name is not null && problem.Catalogue.Find(name) is null)
            {
                errors.Add($"{at}: {role} '{name}' is not in the catalogue");
            }
        }

        switch (workload.Pattern)
        {
            case ActiveActive aa:
                aa.Clusters.ToList().ForEach(c => Known(c, "active-active cluster"));
                if (aa.Clusters.Count > 0 && aa.Clusters.Distinct().Count() != aa.Clusters.Count)
                {
                    errors.Add($"{at}: active-active lists a cluster twice");
                }

                var count = aa.Clusters.Count > 0 ? aa.Clusters.Count : aa.Count;
                if (count < 2)
                {
                    errors.Add($"{at}: active-active needs at least 2 clusters");
                }

                if (aa.Weights.Count > 0 && (aa.Weights.Count != count || aa.Weights.Any(w => !(w > 0) || !double.IsFinite(w))))
                {
                    errors.Add($"{at}: active-active needs one positive weight per cluster ({count})");
                }

                break;
            case ActivePassive ap:
                Known(ap.Primary, "primary");
                Known(ap.Standby, "standby");
                if (ap.Primary is not null && ap.Primary == ap.Standby)
                {
                    errors.Add($"{at}: primary and standby must differ");
                }

                if (ap.StandbyReplicas < 0)
                {
                    errors.Add($"{at}: standbyReplicas must be zero or more");
                }

                break;
            case HybridBurst hb:
                Known(hb.Base, "base");
                if (hb.Base is not null && problem.Catalogue.Find(hb.Base) is { Provider: not CloudProvider.OnPrem } notOnPrem)
                {
                    errors.Add($"{at}: hybrid-burst base '{notOnPrem.Name}' must be an on-prem cluster");
                }

                hb.Burst.ToList().ForEach(c => Known(c, "burst target"));
                if (hb.BurstReplicas is < 1)
                {
                    errors.Add($"{at}: burstReplicas must be at least 1");
                }

                if (!(hb.BurstHoursPerMonth >= 0 && hb.BurstHoursPerMonth <= workload.HoursPerMonth))
                {
                    errors.Add($"{at}: burstHoursPerMonth must be between 0 and hoursPerMonth");
                }

                break;
        }
    }
}
