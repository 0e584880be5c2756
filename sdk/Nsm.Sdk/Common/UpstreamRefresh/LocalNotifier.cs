using System.Collections.Concurrent;
using System.Threading.Channels;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.UpstreamRefresh;

/// <summary>Asks the other connections of one client to refresh (upstream's upstreamrefresh local notifier).</summary>
public interface ILocalNotifier
{
    /// <summary>Signals every connection of the client except <paramref name="connectionId"/> to refresh.</summary>
    /// <param name="connectionId">The connection that causes the notification.</param>
    void Notify(string connectionId);
}

/// <summary>Access to the local notifier the upstreamrefresh element stores in the client metadata.</summary>
public static class UpstreamRefreshMetadata
{
    /// <summary>The key of the notifier in the client metadata map.</summary>
    public static readonly NsmContextKey<ILocalNotifier> LocalNotifierKey = new("upstreamrefresh.local-notifier");

    /// <summary>Gets the local notifier, when an upstreamrefresh element with local notifications ran before the caller.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="isClient">Which half's map to look in (upstreamrefresh is a client element).</param>
    /// <returns>The notifier, or <see langword="null"/>.</returns>
    public static ILocalNotifier? LocalNotifier(this NsmContext context, bool isClient = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata is { } md && md.For(isClient).TryLoad(LocalNotifierKey, out var n) ? n : null;
    }
}

/// <summary>One pending-signal slot per connection of the client.</summary>
internal sealed class LocalNotifier : ILocalNotifier
{
    private readonly ConcurrentDictionary<string, Channel<bool>> _subscribers = new(StringComparer.Ordinal);

    public int Count => _subscribers.Count;

    public void Notify(string connectionId)
    {
        foreach (var (id, signal) in _subscribers)
        {
            if (!string.Equals(id, connectionId, StringComparison.Ordinal))
            {
                signal.Writer.TryWrite(true);
            }
        }
    }

    public ChannelReader<bool> Subscribe(string connectionId) =>
        _subscribers.GetOrAdd(connectionId, static _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        })).Reader;

    public void Unsubscribe(string connectionId)
    {
        if (_subscribers.TryRemove(connectionId, out var signal))
        {
            signal.Writer.TryComplete();
        }
    }
}
