namespace Nsm.Sdk.Core;

/// <summary>
/// Remembers the linked elements of a chain for the continuation it was last called with, so that a nested
/// chain continues into whatever follows it without linking (allocating) on every call.
/// </summary>
/// <typeparam name="THandler">The handler type of the chain.</typeparam>
internal sealed class LinkCache<THandler>
    where THandler : class
{
    private Entry? _entry;

    public THandler Get(THandler parent, Func<THandler, THandler> link)
    {
        var entry = Volatile.Read(ref _entry);
        if (entry is not null && ReferenceEquals(entry.Parent, parent))
        {
            return entry.Head;
        }

        var head = link(parent);
        Volatile.Write(ref _entry, new Entry(parent, head));
        return head;
    }

    private sealed record Entry(THandler Parent, THandler Head);
}
