using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.LogRegistrations;

/// <summary>
/// Logs at Information each endpoint the registry learns and each one it forgets (a Register that succeeded for a
/// name not registered before; an Unregister, also one driven by expiry), so an operator reading the registry's log
/// (<c>kubectl logs -l app=nsm-registry</c>) sees the endpoints come and go. Refreshes are not logged.
/// </summary>
/// <remarks>Chain placement: in a storing registry's NSE chain, after begin.</remarks>
public sealed partial class LogRegistrationsNseServer : INetworkServiceEndpointRegistryServer
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var registered = await next.RegisterAsync(item, context).ConfigureAwait(false);
        if (_known.TryAdd(registered.Name, 0))
        {
            LogRegistered(context.Logger, registered.Name, registered.NetworkServiceNames, registered.Url);
        }

        return registered;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next.UnregisterAsync(item, context).ConfigureAwait(false);
        if (_known.TryRemove(item.Name, out _))
        {
            LogUnregistered(context.Logger, item.Name);
        }
    }

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "Register {Name}: services {Services}, url {Url}")]
    private static partial void LogRegistered(ILogger logger, string name, IEnumerable<string> services, string url);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Information, Message = "Unregister {Name}")]
    private static partial void LogUnregistered(ILogger logger, string name);
}
