using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.LocalBypass;

/// <summary>
/// nsmgr's URL translation: remembers the real URL of each NSE registered through this nsmgr, registers the nsmgr's
/// own URL downstream and restores the real URL in the response. Find results of local NSEs get their real URL back;
/// non-deleted results that still point at this nsmgr (stale, e.g. from before a restart) are hidden. A Find from another
/// cluster (federation) gets the records as registered, with this nsmgr's URL. Unregister of an
/// unknown name succeeds without calling next.
/// </summary>
/// <remarks>Chain placement: nsmgr's NSE chain, before connect (remote mode) or after memory (memory mode).</remarks>
/// <param name="nsmgrUrl">The nsmgr's public URL.</param>
public sealed class LocalBypassNseServer(Uri nsmgrUrl) : INetworkServiceEndpointRegistryServer
{
    private readonly string _nsmgrUrl = (nsmgrUrl ?? throw new ArgumentNullException(nameof(nsmgrUrl))).ToString();
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    /// <summary>Gets the number of local NSEs.</summary>
    public int Count => _urls.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        var known = _urls.TryGetValue(item.Name, out var stored);
        if (!known || stored != item.Url)
        {
            if (string.IsNullOrEmpty(item.Url) || !Uri.TryCreate(item.Url, UriKind.Absolute, out _))
            {
                throw new NsmStatusException(StatusCode.InvalidArgument, $"cannot register NSE with passed URL: '{item.Url}' is not a URL");
            }
        }

        var realUrl = item.Url;
        _urls[item.Name] = realUrl;
        var outgoing = item.Clone();
        outgoing.Url = _nsmgrUrl;
        NetworkServiceEndpoint response;
        try
        {
            response = await next.RegisterAsync(outgoing, context).ConfigureAwait(false);
        }
        catch when (!known)
        {
            _urls.TryRemove(item.Name, out _);
            throw;
        }

        response = response.Clone();
        response.Url = realUrl;
        return response;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);

        // Another cluster dials this nsmgr, not the NSE's socket: it gets the registered URL.
        return Federation.RegistryFederation.IsFederatedCall(context)
            ? next.FindAsync(query, stream, context)
            : next.FindAsync(query, new BypassWriter(this, stream), context);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        if (!_urls.ContainsKey(item.Name))
        {
            return;
        }

        var outgoing = item.Clone();
        outgoing.Url = _nsmgrUrl;
        await next.UnregisterAsync(outgoing, context).ConfigureAwait(false);
        _urls.TryRemove(item.Name, out _);
    }

    private sealed class BypassWriter(LocalBypassNseServer owner, IAsyncStreamWriter<NetworkServiceEndpointResponse> inner) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            var nse = message.NetworkServiceEndpoint;
            if (nse is not null && owner._urls.TryGetValue(nse.Name, out var real))
            {
                message = message.Clone();
                message.NetworkServiceEndpoint.Url = real;
            }
            else if (nse is not null && nse.Url == owner._nsmgrUrl && !message.Deleted)
            {
                return Task.CompletedTask; // a stale registration of this nsmgr whose real URL is lost
            }

            return inner.WriteAsync(message);
        }
    }
}
