using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>Registry elements linked in order; itself an element that continues into what follows it.</summary>
/// <typeparam name="TElement">The element type.</typeparam>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RegistryChain<TElement, T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
    where TElement : class, IRegistryElement<T, TQuery, TResponse>
{
    private readonly TElement[] _elements;
    private readonly LinkCache<RegistryHandler<T, TQuery, TResponse>> _links = new();
    private readonly Func<RegistryHandler<T, TQuery, TResponse>, RegistryHandler<T, TQuery, TResponse>> _link;

    /// <summary>Initializes the chain.</summary>
    /// <param name="elements">The elements, in call order.</param>
    protected RegistryChain(IEnumerable<TElement> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _elements = [.. elements];
        _link = Link;
    }

    /// <summary>Gets the elements.</summary>
    public IReadOnlyList<TElement> Elements => _elements;

    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        _links.Get(next, _link).RegisterAsync(item, context);

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        _links.Get(next, _link).FindAsync(query, stream, context);

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        _links.Get(next, _link).UnregisterAsync(item, context);

    /// <summary>Runs a Register through the chain and its tail.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>The registered record.</returns>
    public ValueTask<T> RegisterAsync(T item, NsmContext context) => RegisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail);

    /// <summary>Runs a Find through the chain and its tail.</summary>
    /// <param name="query">The query.</param>
    /// <param name="stream">Where results go.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the Find ends.</returns>
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context) =>
        FindAsync(query, stream, context, RegistryHandler<T, TQuery, TResponse>.Tail);

    /// <summary>Runs an Unregister through the chain and its tail.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the record is unregistered.</returns>
    public ValueTask UnregisterAsync(T item, NsmContext context) => UnregisterAsync(item, context, RegistryHandler<T, TQuery, TResponse>.Tail);

    private RegistryHandler<T, TQuery, TResponse> Link(RegistryHandler<T, TQuery, TResponse> parent)
    {
        var handler = parent;
        for (var i = _elements.Length - 1; i >= 0; i--)
        {
            handler = new ElementHandler(_elements[i], handler);
        }

        return handler;
    }

    private sealed class ElementHandler(IRegistryElement<T, TQuery, TResponse> element, RegistryHandler<T, TQuery, TResponse> next)
        : RegistryHandler<T, TQuery, TResponse>
    {
        public override ValueTask<T> RegisterAsync(T item, NsmContext context) =>
            context.TraceEnabled ? RegistryTrace.RegisterAsync(element, item, context, next) : element.RegisterAsync(item, context, next);

        public override Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context) =>
            context.TraceEnabled ? RegistryTrace.FindAsync(element, query, stream, context, next) : element.FindAsync(query, stream, context, next);

        public override ValueTask UnregisterAsync(T item, NsmContext context) =>
            context.TraceEnabled ? RegistryTrace.UnregisterAsync(element, item, context, next) : element.UnregisterAsync(item, context, next);
    }
}

/// <summary>A chain of NetworkServiceEndpoint registry server elements.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceEndpointRegistryServerChain(params IEnumerable<INetworkServiceEndpointRegistryServer> elements)
    : RegistryChain<INetworkServiceEndpointRegistryServer, NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(elements),
    INetworkServiceEndpointRegistryServer;

/// <summary>A chain of NetworkServiceEndpoint registry client elements.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceEndpointRegistryClientChain(params IEnumerable<INetworkServiceEndpointRegistryClient> elements)
    : RegistryChain<INetworkServiceEndpointRegistryClient, NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(elements),
    INetworkServiceEndpointRegistryClient;

/// <summary>A chain of NetworkService registry server elements.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceRegistryServerChain(params IEnumerable<INetworkServiceRegistryServer> elements)
    : RegistryChain<INetworkServiceRegistryServer, NetworkService, NetworkServiceQuery, NetworkServiceResponse>(elements),
    INetworkServiceRegistryServer;

/// <summary>A chain of NetworkService registry client elements.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceRegistryClientChain(params IEnumerable<INetworkServiceRegistryClient> elements)
    : RegistryChain<INetworkServiceRegistryClient, NetworkService, NetworkServiceQuery, NetworkServiceResponse>(elements),
    INetworkServiceRegistryClient;
