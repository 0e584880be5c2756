using Nsm.Cmd.RegistryK8s.Kubernetes;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>Where a <see cref="CustomResourceMirror{T}"/> puts what it learns: the local store of records.</summary>
/// <typeparam name="T">The registry record.</typeparam>
internal interface ICustomResourceSink<T>
    where T : class
{
    /// <summary>Reads the record of an object.</summary>
    /// <param name="resource">The object.</param>
    /// <returns>The record.</returns>
    T Decode(CustomResource resource);

    /// <summary>Stores a record (added or changed).</summary>
    /// <param name="record">The record.</param>
    /// <param name="resource">The object it came from.</param>
    void Put(T record, CustomResource resource);

    /// <summary>Removes a record.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="resource">The deleted object, when known.</param>
    void Remove(string name, CustomResource? resource);
}
