using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// Elements linked in order. A chain is itself an element: when it is nested in another chain, its last
/// element continues into whatever follows it in the outer chain; an empty chain simply continues.
/// </summary>
/// <typeparam name="TElement">The element type (server or client).</typeparam>
public abstract class NetworkServiceChain<TElement> : INetworkServiceElement
    where TElement : class, INetworkServiceElement
{
    private readonly TElement[] _elements;
    private readonly LinkCache<NetworkServiceHandler> _links = new();
    private readonly Func<NetworkServiceHandler, NetworkServiceHandler> _link;
    private readonly bool _isClient;

    /// <summary>Initializes a chain.</summary>
    /// <param name="elements">The elements, in call order.</param>
    /// <param name="isClient">Whether this is a client chain (used in traces).</param>
    protected NetworkServiceChain(IEnumerable<TElement> elements, bool isClient)
    {
        ArgumentNullException.ThrowIfNull(elements);
        _elements = [.. elements];
        _isClient = isClient;
        _link = Link;
    }

    /// <summary>Gets the elements of the chain.</summary>
    public IReadOnlyList<TElement> Elements => _elements;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _links.Get(next, _link).RequestAsync(request, context);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _links.Get(next, _link).CloseAsync(connection, context);

    /// <summary>Runs a Request through the chain and its tail.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <returns>The resulting connection.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context) =>
        RequestAsync(request, context, NetworkServiceHandler.Tail);

    /// <summary>Runs a Close through the chain and its tail.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public ValueTask CloseAsync(Connection connection, NsmContext context) =>
        CloseAsync(connection, context, NetworkServiceHandler.Tail);

    private NetworkServiceHandler Link(NetworkServiceHandler parent)
    {
        var handler = parent;
        for (var i = _elements.Length - 1; i >= 0; i--)
        {
            handler = new ElementHandler(_elements[i], handler, _isClient);
        }

        return handler;
    }

    private sealed class ElementHandler(INetworkServiceElement element, NetworkServiceHandler next, bool isClient) : NetworkServiceHandler
    {
        // Nested chains are containers, not elements: only their own elements get a span.
        private readonly bool _traceable = element is not NetworkServiceChain<TElement>;

        public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context) =>
            context.TraceEnabled && _traceable
                ? ElementTrace.RequestAsync(element, request, context, next, isClient)
                : element.RequestAsync(request, context, next);

        public override ValueTask CloseAsync(Connection connection, NsmContext context) =>
            context.TraceEnabled && _traceable
                ? ElementTrace.CloseAsync(element, connection, context, next, isClient)
                : element.CloseAsync(connection, context, next);
    }
}

/// <summary>A chain of server elements; itself a server element.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceServerChain(params IEnumerable<INetworkServiceServer> elements)
    : NetworkServiceChain<INetworkServiceServer>(elements, isClient: false), INetworkServiceServer;

/// <summary>A chain of client elements; itself a client element.</summary>
/// <param name="elements">The elements, in call order.</param>
public sealed class NetworkServiceClientChain(params IEnumerable<INetworkServiceClient> elements)
    : NetworkServiceChain<INetworkServiceClient>(elements, isClient: true), INetworkServiceClient;
