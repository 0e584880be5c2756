using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>Reads a registry chain's Find as an async stream or a list.</summary>
public static class RegistryFindExtensions
{
    /// <summary>Runs a Find through an element (and the tail) and yields its results as they come.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <typeparam name="TQuery">The query type.</typeparam>
    /// <typeparam name="TResponse">The response type.</typeparam>
    /// <param name="element">The element or chain.</param>
    /// <param name="query">The query.</param>
    /// <param name="context">The call context; its cancellation ends a watch.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The responses.</returns>
    public static IAsyncEnumerable<TResponse> FindAllAsync<T, TQuery, TResponse>(
        this IRegistryElement<T, TQuery, TResponse> element, TQuery query, NsmContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(context);
        return InProcessStream.ReadAsync<TResponse>(
            async (stream, ct) =>
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, context.CancellationToken);
                await element.FindAsync(query, stream, context.Fork(context.Deadline, linked.Token), RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
            },
            capacity: 256,
            cancellationToken);
    }

    /// <summary>Runs a non-watch Find and collects the results that are not deletions, as upstream's "read list" helpers do.</summary>
    /// <remarks>
    /// The chain writes straight into the list (no channel, no producer task), in a fork of <paramref name="context"/>
    /// so that values elements set during the Find stay out of the caller's context.
    /// </remarks>
    /// <typeparam name="T">The record type.</typeparam>
    /// <typeparam name="TQuery">The query type.</typeparam>
    /// <typeparam name="TResponse">The response type.</typeparam>
    /// <param name="element">The element or chain.</param>
    /// <param name="query">The query (watch off).</param>
    /// <param name="context">The call context.</param>
    /// <param name="select">Extracts the record and its deleted flag from a response.</param>
    /// <returns>The records.</returns>
    public static async Task<List<T>> FindListAsync<T, TQuery, TResponse>(
        this IRegistryElement<T, TQuery, TResponse> element, TQuery query, NsmContext context, Func<TResponse, (T Item, bool Deleted)> select)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(select);
        var list = new ListStreamWriter<T, TResponse>(select);
        await element.FindAsync(query, list, context.Fork(context.Deadline, context.CancellationToken), RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        return list.Items;
    }
}
