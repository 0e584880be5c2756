using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>
/// registry-proxy-dns's NSE element (upstream <c>dnsresolve</c>): finds the record's domain (<c>nse@domain</c> or a
/// <c>service@domain</c>), sends the call to that domain's registry (<see cref="NsmContext.ClientUrl"/>) with the names in
/// its own form, and gives the answers their <c>@domain</c> back. Endpoints found are reached through that domain's
/// nsmgr-proxy: their URL becomes its URL (kept, with a log line, when the domain has none: a floating registry).
/// </summary>
/// <remarks>Chain placement: after begin, before connect.</remarks>
/// <param name="resolver">Resolves domains.</param>
public sealed class DnsResolveNseServer(IDomainResolver resolver) : INetworkServiceEndpointRegistryServer
{
    private readonly IDomainResolver _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var domain = await RouteAsync(DomainRewrite.DomainOf(item), item.Name, context).ConfigureAwait(false);
        var registered = await next.RegisterAsync(DomainRewrite.Strip(item), context).ConfigureAwait(false);
        return DomainRewrite.Append(registered, domain);
    }

    /// <inheritdoc />
    public async Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var nse = query.NetworkServiceEndpoint ?? new NetworkServiceEndpoint();
        var domain = await RouteAsync(DomainRewrite.DomainOf(nse), nse.Name, context).ConfigureAwait(false);
        Uri? proxy = null;
        try
        {
            proxy = await _resolver.ResolveAsync(domain, DomainServices.NsmgrProxy, context.CancellationToken).ConfigureAwait(false);
        }
        catch (NsmStatusException ex)
        {
            RegistryProxyLog.NoNsmgrProxy(context.Logger, domain, ex.Message);
        }

        var outgoing = query.Clone();
        outgoing.NetworkServiceEndpoint = DomainRewrite.Strip(nse);
        await next.FindAsync(outgoing, new AppendWriter(stream, domain, proxy), context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await RouteAsync(DomainRewrite.DomainOf(item), item.Name, context).ConfigureAwait(false);
        await next.UnregisterAsync(DomainRewrite.Strip(item), context).ConfigureAwait(false);
    }

    private async ValueTask<string> RouteAsync(string domain, string name, NsmContext context)
    {
        if (domain.Length == 0)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, $"network service endpoint '{name}': domain cannot be empty (expected name@domain or a service@domain)");
        }

        context.ClientUrl = await _resolver.ResolveAsync(domain, DomainServices.Registry, context.CancellationToken).ConfigureAwait(false);
        return domain;
    }

    private sealed class AppendWriter(IAsyncStreamWriter<NetworkServiceEndpointResponse> inner, string domain, Uri? proxy) : IAsyncStreamWriter<NetworkServiceEndpointResponse>
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

            var copy = message.Clone();
            copy.NetworkServiceEndpoint = DomainRewrite.Append(nse, domain);
            if (proxy is not null)
            {
                copy.NetworkServiceEndpoint.Url = proxy.ToString();
            }

            return inner.WriteAsync(copy);
        }
    }
}
