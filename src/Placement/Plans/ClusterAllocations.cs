using Reference.Placement.Costs;
using Reference.Placement.Solver;

namespace Reference.Placement.Plans;

/// <summary>What a plan puts on each cluster (one kustomize overlay each): workloads, capacity reserved, monthly cost.</summary>
internal static class ClusterAllocations
{
    public static List<ClusterAllocation> Of(PlacementModel model, int[] assignment, List<Charge> lines)
    {
        var result = new List<ClusterAllocation>();
        for (var c = 0; c < model.Clusters.Count; c++)
        {
            var cluster = model.Clusters[c];
            var placed = new List<ClusterWorkload>();
            double cpu = 0, memory = 0;
            var gpus = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var context in model.Workloads)
            {
                var candidate = context.Candidates[assignment[context.Index]];
                foreach (var slot in candidate.Slots.Where(s => s.Cluster == c))
                {
                    placed.Add(new ClusterWorkload(context.Name, slot.Role, slot.Weight, slot.Replicas, slot.BurstRank > 0 ? slot.BurstRank : null));
                }

                foreach (var (dc, dimension, amount) in candidate.Demands.Where(d => d.Cluster == c))
                {
                    switch (dimension)
                    {
                        case 0: cpu += amount; break;
                        case 1: memory += amount; break;
                        default:
                            var type = model.GpuTypes[dimension - 2];
                            gpus[type] = gpus.GetValueOrDefault(type) + (int)Math.Round(amount);
                            break;
                    }
                }
            }

            var compute = lines.Where(l => l.Cause == CostCause.Compute && l.From == c).Sum(l => l.Micro);
            var egress = lines.Where(l => l.Cause != CostCause.Compute && l.From == c).Sum(l => l.Micro);
            if (placed.Count == 0 && compute == 0 && egress == 0)
            {
                continue;
            }

            result.Add(new ClusterAllocation
            {
                Cluster = cluster.Name,
                Provider = cluster.Provider,
                Region = cluster.Region,
                Location = cluster.Location,
                Jurisdiction = cluster.Jurisdiction,
                Registry = cluster.Registry,
                Postgres = cluster.Postgres.Product,
                Redis = cluster.Redis.Product,
                Workloads = placed,
                CpuReserved = cpu,
                MemoryGbReserved = memory,
                GpusReserved = gpus,
                Compute = MicroDollars.ToDollars(compute),
                Egress = MicroDollars.ToDollars(egress),
                Total = MicroDollars.ToDollars(compute + egress),
            });
        }

        return result;
    }
}
