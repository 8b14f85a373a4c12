using Microsoft.Extensions.Configuration;
using Reference.Hosting.ApplicationModel;

namespace Reference.Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    DistributedApplicationExecutionContext ExecutionContext { get; }

    IList<IResource> Resources { get; }

    string AppHostDirectory { get; }

    string StateDirectory { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    DistributedApplication Build();
}
