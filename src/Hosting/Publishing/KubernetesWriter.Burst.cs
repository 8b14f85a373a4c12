using System.Text;
using Reference.Placement.Plans;

namespace Reference.Hosting.Publishing;

// kubernetes/BURST.md: the suspended burst Jobs, in burst order, and how they are resumed.
internal sealed partial class KubernetesWriter
{
    /// <summary>
    /// Nothing in the published output resumes a burst Job on its own, on purpose: the signal that a burst is
    /// needed (the base pool has had no free slot for the burst wait) lives in the training runner's queue, in the
    /// base cluster, while each burst Job lives in another cluster, often another cloud. Resuming it from there
    /// would need credentials for every burst cluster's API server inside the platform, which a publish must not
    /// invent; the release pipeline or an operator that already holds them resumes it, in rank order.
    /// </summary>
    private string? BurstDocument()
    {
        var bursting = plan.Workloads
            .Where(w => w.Assignments.Any(a => a.Role == AssignmentRole.Burst) && workloads.Any(p => p.Name == w.Workload && p.Workload.Kind == Reference.Placement.Workloads.WorkloadKind.Job))
            .OrderBy(w => w.Workload, StringComparer.Ordinal)
            .ToList();
        if (bursting.Count == 0)
        {
            return null;
        }

        var md = new StringBuilder();
        md.Append("# Burst training Jobs\n\n");
        md.Append("Each hybrid-burst training Job runs on its base cluster and is also written, suspended (`spec.suspend: true`), ");
        md.Append($"into every burst cluster, labelled `{BurstRankLabel}` with its place in the burst order. ");
        md.Append("Nothing resumes them automatically: the training runner decides when a job may burst (its preferred pool has had ");
        md.Append("no free slot for `Training:BurstWait`, see `placement` on the job), but it runs in the base cluster and holds no ");
        md.Append("credentials for the burst clusters' API servers. Resume the first burst Job in order when the base Job cannot ");
        md.Append("start or keep up (the runner's job shows a burst decision or waits for a slot), then the next:\n\n");
        foreach (var workload in bursting)
        {
            var base_ = workload.Assignments.Where(a => a.Role != AssignmentRole.Burst).Select(a => a.Cluster).ToList();
            md.Append($"## `{workload.Workload}` (base: {string.Join(", ", base_.Select(c => $"`{c}`"))})\n\n");
            foreach (var burst in workload.Assignments.Where(a => a.Role == AssignmentRole.Burst).OrderBy(a => a.BurstRank))
            {
                md.Append($"{burst.BurstRank}. `{burst.Cluster}`: `kubectl --context {burst.Cluster} -n {settings.Namespace} patch job {workload.Workload} --type=merge -p '{{\"spec\":{{\"suspend\":false}}}}'`\n");
            }

            md.Append('\n');
        }

        md.Append("A resumed Job is a run-once training process: it announces itself as its own pool with its cluster's labels ");
        md.Append("(so residency and classification are checked there as well), attaches to the use case's unfinished run-once ");
        md.Append("job or submits one, and exits when it is done; suspend it again (`\"suspend\":true`) to release the cloud capacity.\n");
        return md.ToString();
    }
}
