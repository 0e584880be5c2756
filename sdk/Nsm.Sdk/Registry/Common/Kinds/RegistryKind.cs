using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common;

/// <summary>
/// What a generic registry element needs to know about one record kind (NetworkService or NetworkServiceEndpoint):
/// its name, how to copy it, how to build a by-name query and how to read and build Find responses.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RegistryKind<T, TQuery, TResponse>
    where T : class
{
    /// <summary>Gets the record type's name for messages, e.g. <c>NetworkServiceEndpoint</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>Gets the record's name.</summary>
    /// <param name="item">The record.</param>
    /// <returns>The name.</returns>
    public abstract string NameOf(T item);

    /// <summary>Copies a record.</summary>
    /// <param name="item">The record.</param>
    /// <returns>A deep copy.</returns>
    public abstract T Clone(T item);

    /// <summary>Builds a query for one name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="watch">Whether to watch.</param>
    /// <returns>The query.</returns>
    public abstract TQuery NameQuery(string name, bool watch);

    /// <summary>Gets a value indicating whether the query asks to watch.</summary>
    /// <param name="query">The query.</param>
    /// <returns><see langword="true"/> for a watch.</returns>
    public abstract bool IsWatch(TQuery query);

    /// <summary>Reads a Find response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The record and its deleted flag.</returns>
    public abstract (T Item, bool Deleted) Read(TResponse response);
}

/// <summary>The two record kinds.</summary>
public static class RegistryKinds
{
    /// <summary>Gets the NetworkServiceEndpoint kind.</summary>
    public static RegistryKind<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> Endpoint { get; } = new EndpointKind();

    /// <summary>Gets the NetworkService kind.</summary>
    public static RegistryKind<NetworkService, NetworkServiceQuery, NetworkServiceResponse> Service { get; } = new ServiceKind();

    private sealed class EndpointKind : RegistryKind<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>
    {
        public override string TypeName => "NetworkServiceEndpoint";

        public override string NameOf(NetworkServiceEndpoint item) => item.Name;

        public override NetworkServiceEndpoint Clone(NetworkServiceEndpoint item) => item.Clone();

        public override NetworkServiceEndpointQuery NameQuery(string name, bool watch) =>
            new() { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = name }, Watch = watch };

        public override bool IsWatch(NetworkServiceEndpointQuery query) => query.Watch;

        public override (NetworkServiceEndpoint Item, bool Deleted) Read(NetworkServiceEndpointResponse response) =>
            (response.NetworkServiceEndpoint, response.Deleted);
    }

    private sealed class ServiceKind : RegistryKind<NetworkService, NetworkServiceQuery, NetworkServiceResponse>
    {
        public override string TypeName => "NetworkService";

        public override string NameOf(NetworkService item) => item.Name;

        public override NetworkService Clone(NetworkService item) => item.Clone();

        public override NetworkServiceQuery NameQuery(string name, bool watch) =>
            new() { NetworkService = new NetworkService { Name = name }, Watch = watch };

        public override bool IsWatch(NetworkServiceQuery query) => query.Watch;

        public override (NetworkService Item, bool Deleted) Read(NetworkServiceResponse response) => (response.NetworkService, response.Deleted);
    }
}
