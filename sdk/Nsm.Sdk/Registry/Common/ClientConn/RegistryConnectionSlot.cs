using Grpc.Net.Client;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.ClientConn;

/// <summary>
/// Where <c>dial</c> remembers which registry URL (and pooled channel) one registration uses, per name across Register
/// and Unregister, so that a changed URL unregisters at the old one. <c>clientconn</c> puts it into the context under
/// <see cref="Key"/>. The channel belongs to dial's pool: the slot never closes it.
/// </summary>
public sealed class RegistryConnectionSlot : IDisposable
{
    /// <summary>The context key of the current call's slot.</summary>
    public static readonly NsmContextKey<RegistryConnectionSlot> Key = new("registry.clientconn.slot");

    private readonly Lock _lock = new();
    private GrpcChannel? _channel;

    /// <summary>Gets the URL of the open connection, if any.</summary>
    public Uri? Url { get; private set; }

    /// <summary>Gets the open connection, if any.</summary>
    public GrpcChannel? Channel
    {
        get
        {
            lock (_lock)
            {
                return _channel;
            }
        }
    }

    /// <summary>Records the URL and channel in use.</summary>
    /// <param name="url">The dialled URL.</param>
    /// <param name="channel">The new connection.</param>
    public void Set(Uri url, GrpcChannel channel)
    {
        lock (_lock)
        {
            _channel = channel;
            Url = url;
        }

    }

    /// <summary>Closes the connection, if any.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _channel = null;
            Url = null;
        }
    }
}
