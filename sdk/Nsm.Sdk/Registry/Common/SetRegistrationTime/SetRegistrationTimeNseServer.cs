using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.SetRegistrationTime;

/// <summary>
/// Keeps an NSE's <c>initial_registration_time</c> stable: the first Register keeps the incoming value or sets it to
/// now; later Registers get the remembered value. Unregister forgets it.
/// </summary>
/// <remarks>Chain placement: in a storing registry's NSE chain, after begin and before expire and the store.</remarks>
public sealed class SetRegistrationTimeNseServer : INetworkServiceEndpointRegistryServer
{
    private readonly ConcurrentDictionary<string, Timestamp> _times = new(StringComparer.Ordinal);

    /// <summary>Gets the number of remembered registrations.</summary>
    public int Count => _times.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        item = item.Clone();
        var known = _times.TryGetValue(item.Name, out var time);
        item.InitialRegistrationTime = known ? time!.Clone() : item.InitialRegistrationTime ?? Timestamp.FromDateTimeOffset(context.Clock.GetUtcNow());
        if (!known)
        {
            _times[item.Name] = item.InitialRegistrationTime.Clone();
        }

        try
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }
        catch when (!known)
        {
            _times.TryRemove(item.Name, out _);
            throw;
        }
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        _times.TryRemove(item.Name, out _);
        return next.UnregisterAsync(item, context);
    }
}
