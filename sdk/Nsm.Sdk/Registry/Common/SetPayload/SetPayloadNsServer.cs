using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NsHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkService, Nsm.Api.Registry.NetworkServiceQuery, Nsm.Api.Registry.NetworkServiceResponse>;

namespace Nsm.Sdk.Registry.Common.SetPayload;

/// <summary>Fills an empty NetworkService <c>payload</c> with a default (<c>IP</c>) on Register.</summary>
/// <remarks>Chain placement: in a registry server's NS chain, before the store.</remarks>
/// <param name="payload">The default payload; <see cref="DefaultPayload"/> when <see langword="null"/>.</param>
public sealed class SetPayloadNsServer(string? payload = null) : INetworkServiceRegistryServer
{
    /// <summary>The default payload: <c>IP</c>.</summary>
    public const string DefaultPayload = "IP";

    private readonly string _payload = string.IsNullOrEmpty(payload) ? DefaultPayload : payload;

    /// <inheritdoc />
    public ValueTask<NetworkService> RegisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        if (string.IsNullOrEmpty(item.Payload))
        {
            item = item.Clone();
            item.Payload = _payload;
        }

        return next.RegisterAsync(item, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceQuery query, IAsyncStreamWriter<NetworkServiceResponse> stream, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(item, context);
    }
}
