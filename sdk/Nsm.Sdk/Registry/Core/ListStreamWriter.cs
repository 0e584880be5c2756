using Grpc.Core;

namespace Nsm.Sdk.Registry;

/// <summary>Collects the records of a one-shot Find's responses in a list, skipping deletions.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="select">Extracts the record and its deleted flag from a response.</param>
internal sealed class ListStreamWriter<T, TResponse>(Func<TResponse, (T Item, bool Deleted)> select) : IAsyncStreamWriter<TResponse>
{
    /// <summary>Gets the records collected so far.</summary>
    public List<T> Items { get; } = [];

    /// <inheritdoc />
    public WriteOptions? WriteOptions { get; set; }

    /// <inheritdoc />
    public Task WriteAsync(TResponse message)
    {
        var (item, deleted) = select(message);
        if (!deleted)
        {
            Items.Add(item);
        }

        return Task.CompletedTask;
    }
}
