using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>The rest of a registry chain as seen by one element.</summary>
/// <typeparam name="T">The record type (<c>NetworkServiceEndpoint</c> or <c>NetworkService</c>).</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RegistryHandler<T, TQuery, TResponse>
{
    /// <summary>Gets the tail that ends every registry chain: Register echoes the record, Find and Unregister do nothing.</summary>
#pragma warning disable CA1000 // one tail per closed handler type is the point
    public static RegistryHandler<T, TQuery, TResponse> Tail { get; } = new TailHandler();
#pragma warning restore CA1000

    /// <summary>Continues a Register.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>The registered record.</returns>
    public abstract ValueTask<T> RegisterAsync(T item, NsmContext context);

    /// <summary>Continues a Find.</summary>
    /// <param name="query">The query.</param>
    /// <param name="stream">Where results go.</param>
    /// <param name="context">The call context; for a watch, its cancellation ends the stream.</param>
    /// <returns>A task that completes when the Find ends.</returns>
    public abstract Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context);

    /// <summary>Continues an Unregister.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the record is unregistered.</returns>
    public abstract ValueTask UnregisterAsync(T item, NsmContext context);

    private sealed class TailHandler : RegistryHandler<T, TQuery, TResponse>
    {
        public override ValueTask<T> RegisterAsync(T item, NsmContext context) => new(item);

        public override Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context) => Task.CompletedTask;

        public override ValueTask UnregisterAsync(T item, NsmContext context) => default;
    }
}
