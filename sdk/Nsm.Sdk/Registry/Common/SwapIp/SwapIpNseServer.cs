using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.SwapIp;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.SwapIp;

/// <summary>
/// Upstream's registry <c>swapip</c> (nsmgr-proxy's NSE chain): the host of an NSE URL is swapped with
/// <see cref="IpMap.Swap"/> (an internal address becomes its external one, an external one its internal one) on
/// Register and Unregister, on the Register response, on a Find query's URL and on every Find result.
/// </summary>
/// <remarks>Chain placement: nsmgr-proxy's NSE chain, after interdomainbypass, before connect.</remarks>
/// <param name="map">The map now (e.g. <see cref="IpMapFile.Current"/>); asked once per call.</param>
public sealed class SwapIpNseServer(Func<IpMap> map) : INetworkServiceEndpointRegistryServer
{
    private readonly Func<IpMap> _map = map ?? throw new ArgumentNullException(nameof(map));

    /// <summary>Swaps the host of a URL; a URL without a host (unix://) or with no entry for it is returned as it is.</summary>
    /// <param name="url">The URL text, e.g. <c>tcp://10.0.0.5:5004</c>.</param>
    /// <param name="map">The map.</param>
    /// <returns>The URL with the host swapped, the rest of the text unchanged.</returns>
    public static string SwapHost(string url, IpMap map)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(map);
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return url;
        }

        start += 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        end = end < 0 ? url.Length : end;
        var authority = url[start..end];
        var at = authority.LastIndexOf('@');
        var hostStart = start + at + 1;
        var bracket = url[hostStart..end].StartsWith('[');
        var hostEnd = bracket ? url.IndexOf(']', hostStart) + 1 : url.IndexOf(':', hostStart, end - hostStart);
        hostEnd = hostEnd <= hostStart ? end : hostEnd;
        var host = url[hostStart..hostEnd];
        var swapped = map.Swap(host.Trim('[', ']'));
        if (swapped == host.Trim('[', ']'))
        {
            return url;
        }

        return string.Concat(url.AsSpan(0, hostStart), swapped.Contains(':', StringComparison.Ordinal) ? $"[{swapped}]" : swapped, url.AsSpan(hostEnd));
    }

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var map = _map();
        var registered = await next.RegisterAsync(Swap(item, map, context), context).ConfigureAwait(false);
        return Swap(registered, map, context);
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var map = _map();
        if (query.NetworkServiceEndpoint is { } wanted && Swap(wanted, map, context) is var swapped && !ReferenceEquals(swapped, wanted))
        {
            query = query.Clone();
            query.NetworkServiceEndpoint = swapped;
        }

        return next.FindAsync(query, new SwappingWriter(stream, map, context), context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(Swap(item, _map(), context), context);
    }

    private static NetworkServiceEndpoint Swap(NetworkServiceEndpoint nse, IpMap map, NsmContext context)
    {
        var url = SwapHost(nse.Url, map);
        if (ReferenceEquals(url, nse.Url))
        {
            return nse;
        }

        SwapIpLog.UrlSwapped(context.Logger, nse.Name, nse.Url, url);
        var copy = nse.Clone();
        copy.Url = url;
        return copy;
    }

    private sealed class SwappingWriter(IAsyncStreamWriter<NetworkServiceEndpointResponse> inner, IpMap map, NsmContext context) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            if (message.NetworkServiceEndpoint is not { } nse || Swap(nse, map, context) is var swapped && ReferenceEquals(swapped, nse))
            {
                return inner.WriteAsync(message);
            }

            var copy = message.Clone();
            copy.NetworkServiceEndpoint = swapped;
            return inner.WriteAsync(copy);
        }
    }
}
