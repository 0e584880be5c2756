using Grpc.Net.Client;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.ClientConn;

/// <summary>
/// Where <c>dial</c> keeps the connection of one registration (per name, across Register and Unregister) or of one Find.
/// <c>clientconn</c> puts it into the context under <see cref="Key"/>.
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

    /// <summary>Replaces the connection, closing the previous one.</summary>
    /// <param name="url">The dialled URL.</param>
    /// <param name="channel">The new connection.</param>
    public void Set(Uri url, GrpcChannel channel)
    {
        GrpcChannel? old;
        lock (_lock)
        {
            old = _channel;
            _channel = channel;
            Url = url;
        }

        if (!ReferenceEquals(old, channel))
        {
            old?.Dispose();
        }
    }

    /// <summary>Closes the connection, if any.</summary>
    public void Dispose()
    {
        GrpcChannel? old;
        lock (_lock)
        {
            old = _channel;
            _channel = null;
            Url = null;
        }

        old?.Dispose();
    }
}
