using System.Threading.Channels;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>One watcher: its query and its bounded event queue.</summary>
/// <typeparam name="T">The record type.</typeparam>
internal sealed class Subscriber<T>
    where T : class
{
    public Subscriber(T? query, int capacity)
    {
        Query = query;
        Channel = System.Threading.Channels.Channel.CreateBounded<RegistryEvent<T>>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public T? Query { get; }

    public Channel<RegistryEvent<T>> Channel { get; }

    /// <summary>Set (under the store lock) when an event did not fit; the channel is then completed.</summary>
    public bool Overflowed { get; set; }
}
