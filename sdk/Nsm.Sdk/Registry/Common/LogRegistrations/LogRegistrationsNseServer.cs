using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.LogRegistrations;

/// <summary>
/// Logs the registry's contents as they change, so an operator reading the registry's log (the guide's
/// <c>kubectl logs -n nsm-system -l app=nsm-registry</c>) sees the endpoints come and go: a Register that stored an
/// endpoint new to this registry, or one whose services or URL changed, at Information (name, services, URL,
/// expiry); a refresh of an unchanged registration at Debug; an Unregister (also one driven by expiry) at
/// Information. Failed calls are not logged here.
/// </summary>
/// <remarks>Chain placement: in a storing registry's NSE chain, after begin (so expiry Unregisters pass it) and before the store.</remarks>
public sealed partial class LogRegistrationsNseServer : INetworkServiceEndpointRegistryServer
{
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>Gets the number of registrations it remembers (for leak checks).</summary>
    public int Count => _known.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var registered = await next.RegisterAsync(item, context).ConfigureAwait(false);
        var services = string.Join(',', registered.NetworkServiceNames);
        var expires = registered.ExpirationTime is { } at ? at.ToDateTimeOffset().ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "never";
        var shape = services + " " + registered.Url;
        var previous = _known.TryGetValue(registered.Name, out var known) ? known : null;
        _known[registered.Name] = shape;
        if (previous == shape)
        {
            LogRefreshed(context.Logger, registered.Name, expires);
        }
        else
        {
            LogRegistered(context.Logger, registered.Name, services, registered.Url, expires);
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

    [LoggerMessage(EventId = 1112, Level = LogLevel.Information, Message = "registry: Register {Name} services {Services} url {Url} expires {Expires}")]
    private static partial void LogRegistered(ILogger logger, string name, string services, string url, string expires);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Information, Message = "registry: Unregister {Name}")]
    private static partial void LogUnregistered(ILogger logger, string name);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Debug, Message = "registry: refresh {Name} expires {Expires}")]
    private static partial void LogRefreshed(ILogger logger, string name, string expires);
}
