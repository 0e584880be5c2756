using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>A registry client chain that owns its elements: disposing it stops their timers, watches and connections.</summary>
/// <typeparam name="TElement">The element type.</typeparam>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RegistryClientBase<TElement, T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IAsyncDisposable
    where TElement : class, IRegistryElement<T, TQuery, TResponse>
{
    private readonly TElement[] _elements;
    private readonly Chain _chain;

    /// <summary>Initializes the chain.</summary>
    /// <param name="elements">The elements, in call order.</param>
    protected RegistryClientBase(IEnumerable<TElement> elements)
    {
        _elements = [.. elements];
        _chain = new Chain(_elements);
    }

    /// <summary>Gets the elements, in call order.</summary>
    public IReadOnlyList<TElement> Elements => _elements;

    /// <summary>Runs a Register through the chain.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>The registered record.</returns>
    public ValueTask<T> RegisterAsync(T item, NsmContext context) => _chain.RegisterAsync(item, context);

    /// <summary>Runs a Find through the chain.</summary>
    /// <param name="query">The query.</param>
    /// <param name="stream">Where results go.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the Find ends.</returns>
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context) => _chain.FindAsync(query, stream, context);

    /// <summary>Runs an Unregister through the chain.</summary>
    /// <param name="item">The record.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the record is unregistered.</returns>
    public ValueTask UnregisterAsync(T item, NsmContext context) => _chain.UnregisterAsync(item, context);

    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) => _chain.RegisterAsync(item, context, next);

    /// <inheritdoc />
    public Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) =>
        _chain.FindAsync(query, stream, context, next);

    /// <inheritdoc />
    public ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next) => _chain.UnregisterAsync(item, context, next);

    /// <summary>Stops timers and watches and closes connections of every element that owns some.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var element in _elements)
        {
            switch (element)
            {
                case IAsyncDisposable a:
                    await a.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable d:
                    d.Dispose();
                    break;
            }
        }

        GC.SuppressFinalize(this);
    }

    private sealed class Chain(IEnumerable<TElement> elements) : RegistryChain<TElement, T, TQuery, TResponse>(elements);
}
