using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting.Orchestration;

/// <summary>Who depends on whom: waits, references and parents. Start follows it; stop goes the other way.</summary>
internal static class ResourceGraph
{
    public static IEnumerable<IResource> DependenciesOf(IResource resource) =>
        resource.OfAnnotation<WaitAnnotation>().Select(w => w.Resource)
            .Concat(resource.OfAnnotation<ResourceReferenceAnnotation>().Select(r => r.Resource))
            .Concat(resource is IResourceWithParent child ? [child.Parent] : [])
            .Concat(resource switch
            {
                PostgresServerResource postgres => [postgres.Password],
                RedisResource redis => [redis.Password],
                _ => Array.Empty<IResource>(),
            })
            .Distinct();

    /// <summary>Every resource the given ones need, transitively, the given ones included.</summary>
    public static HashSet<IResource> Closure(IEnumerable<IResource> roots)
    {
        var result = new HashSet<IResource>();
        var pending = new Stack<IResource>(roots);
        while (pending.TryPop(out var next))
        {
            if (result.Add(next))
            {
                foreach (var dependency in DependenciesOf(next))
                {
                    pending.Push(dependency);
                }
            }
        }

        return result;
    }

    public static void Validate(IList<IResource> resources)
    {
        foreach (var resource in resources)
        {
            foreach (var dependency in DependenciesOf(resource))
            {
                if (!resources.Contains(dependency))
                {
                    throw new DistributedApplicationException($"Resource '{resource.Name}' depends on '{dependency.Name}', which is not part of the application.");
                }
            }
        }

        var state = new Dictionary<IResource, bool>();
        foreach (var resource in resources)
        {
            Visit(resource, state, []);
        }
    }

    private static void Visit(IResource resource, Dictionary<IResource, bool> done, List<IResource> path)
    {
        if (done.TryGetValue(resource, out var finished))
        {
            if (!finished)
            {
                var cycle = path.SkipWhile(r => r != resource).Append(resource).Select(r => r.Name);
                throw new DistributedApplicationException($"Resources wait for each other in a cycle: {string.Join(" -> ", cycle)}. Remove one WaitFor or WithReference.");
            }

            return;
        }

        done[resource] = false;
        path.Add(resource);
        foreach (var dependency in resource.OfAnnotation<WaitAnnotation>().Select(w => w.Resource))
        {
            Visit(dependency, done, path);
        }

        path.RemoveAt(path.Count - 1);
        done[resource] = true;
    }
}
