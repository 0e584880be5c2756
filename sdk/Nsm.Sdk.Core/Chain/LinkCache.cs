namespace Nsm.Sdk.Core;

/// <summary>
/// Remembers the linked elements of a chain for the continuation it was last called with, so that a nested
/// chain continues into whatever follows it without linking (allocating) on every call.
/// </summary>
/// <typeparam name="THandler">The handler type of the chain.</typeparam>
public sealed class LinkCache<THandler>
    where THandler : class
{
    private Entry? _entry;

    /// <summary>Gets the linked head for <paramref name="parent"/>, linking (and remembering) it when the parent changed.</summary>
    /// <param name="parent">The continuation the chain was called with.</param>
    /// <param name="link">Links the chain's elements in front of a continuation.</param>
    /// <returns>The head of the linked chain.</returns>
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
