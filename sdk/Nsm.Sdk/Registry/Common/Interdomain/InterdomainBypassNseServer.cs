using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.Interdomain;

/// <summary>
/// nsmgr-proxy's registry half of <c>interdomainbypass</c>: everything that passes through the proxy is advertised
/// with the proxy's own URL, in both directions, and the real URL is remembered in <see cref="InterdomainUrls"/> so
/// that Requests for that endpoint are sent on to it.
/// </summary>
/// <remarks>Chain placement: nsmgr-proxy's NSE chain, after clienturl, before connect.</remarks>
/// <param name="urls">The shared name → URL memory.</param>
/// <param name="proxyUrl">The proxy's public URL.</param>
public sealed class InterdomainBypassNseServer(InterdomainUrls urls, Uri proxyUrl) : INetworkServiceEndpointRegistryServer
{
    private readonly InterdomainUrls _urls = urls ?? throw new ArgumentNullException(nameof(urls));
    private readonly string _proxyUrl = (proxyUrl ?? throw new ArgumentNullException(nameof(proxyUrl))).ToString();

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        if (!Uri.TryCreate(item.Url, UriKind.Absolute, out var real))
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, $"cannot register NSE {item.Name} through the nsmgr-proxy: '{item.Url}' is not a URL");
        }

        var outgoing = item.Clone();
        outgoing.Url = _proxyUrl;
        var registered = await next.RegisterAsync(outgoing, context).ConfigureAwait(false);
        _urls.Set(item.Name, real);
        registered = registered.Clone();
        registered.Url = item.Url;
        return registered;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, new ProxyUrlWriter(this, stream), context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        var outgoing = item.Clone();
        outgoing.Url = _proxyUrl;
        _urls.Remove(item.Name);
        await next.UnregisterAsync(outgoing, context).ConfigureAwait(false);
    }

    private sealed class ProxyUrlWriter(InterdomainBypassNseServer owner, IAsyncStreamWriter<NetworkServiceEndpointResponse> inner) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            if (message.NetworkServiceEndpoint is not { } nse)
            {
                return inner.WriteAsync(message);
            }

            if (Uri.TryCreate(nse.Url, UriKind.Absolute, out var real) && nse.Url != owner._proxyUrl)
            {
                owner._urls.Learn(nse.Name, real);
            }

            var copy = message.Clone();
            copy.NetworkServiceEndpoint.Url = owner._proxyUrl;
            return inner.WriteAsync(copy);
        }
    }
}
