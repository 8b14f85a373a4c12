namespace Reference.Hosting.ApplicationModel;

/// <summary>A named part of the topology: a server, a database, a process, a value.</summary>
public interface IResource
{
    string Name { get; }

    ResourceAnnotationCollection Annotations { get; }
}

/// <summary>A resource that lives inside another one, as a database lives in its server.</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}

/// <summary>Marker for annotations: metadata that extensions attach to resources.</summary>
public interface IResourceAnnotation;

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = ResourceName.Validate(name);

    public ResourceAnnotationCollection Annotations { get; } = [];

    public override string ToString() => Name;
}

public sealed class ResourceAnnotationCollection : List<IResourceAnnotation>;
