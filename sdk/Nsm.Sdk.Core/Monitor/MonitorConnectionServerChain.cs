using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>MonitorConnection server elements linked in order; itself an element.</summary>
public sealed class MonitorConnectionServerChain : IMonitorConnectionServer
{
    private readonly IMonitorConnectionServer[] _elements;
    private readonly LinkCache<MonitorConnectionHandler> _links = new();
    private readonly Func<MonitorConnectionHandler, MonitorConnectionHandler> _link;

    /// <summary>Initializes the chain.</summary>
    /// <param name="elements">The elements, in call order.</param>
    public MonitorConnectionServerChain(params IEnumerable<IMonitorConnectionServer> elements)
    {
        _elements = [.. elements];
        _link = Link;
    }

    /// <inheritdoc />
    public Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next) =>
        _links.Get(next, _link).MonitorConnectionsAsync(selector, stream, context);

    /// <summary>Runs a call through the chain and its tail.</summary>
    /// <param name="selector">What the caller wants to see.</param>
    /// <param name="stream">Where events go.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the stream ends.</returns>
    public Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context) =>
        MonitorConnectionsAsync(selector, stream, context, MonitorConnectionHandler.Tail);

    private MonitorConnectionHandler Link(MonitorConnectionHandler parent)
    {
        var handler = parent;
        for (var i = _elements.Length - 1; i >= 0; i--)
        {
            handler = new ElementHandler(_elements[i], handler);
        }

        return handler;
    }

    private sealed class ElementHandler(IMonitorConnectionServer element, MonitorConnectionHandler next) : MonitorConnectionHandler
    {
        public override Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context) =>
            element.MonitorConnectionsAsync(selector, stream, context, next);
    }
}
