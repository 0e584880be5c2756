using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using NsHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkService, Nsm.Api.Registry.NetworkServiceQuery, Nsm.Api.Registry.NetworkServiceResponse>;

namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>
/// registry-proxy-dns's NS element (upstream <c>dnsresolve</c>): sends <c>service@domain</c> calls to that domain's
/// registry with the name in its own form and gives the answers their <c>@domain</c> back.
/// </summary>
/// <remarks>Chain placement: after authorize, before connect.</remarks>
/// <param name="resolver">Resolves domains.</param>
public sealed class DnsResolveNsServer(IDomainResolver resolver) : INetworkServiceRegistryServer
{
    private readonly IDomainResolver _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));

    /// <inheritdoc />
    public async ValueTask<NetworkService> RegisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        var domain = await RouteAsync(item.Name, context).ConfigureAwait(false);
        return DomainRewrite.Append(await next.RegisterAsync(DomainRewrite.Strip(item), context).ConfigureAwait(false), domain);
    }

    /// <inheritdoc />
    public async Task FindAsync(NetworkServiceQuery query, IAsyncStreamWriter<NetworkServiceResponse> stream, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(next);
        var ns = query.NetworkService ?? new NetworkService();
        var domain = await RouteAsync(ns.Name, context).ConfigureAwait(false);
        var outgoing = query.Clone();
        outgoing.NetworkService = DomainRewrite.Strip(ns);
        await next.FindAsync(outgoing, new AppendWriter(stream, domain), context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(NetworkService item, NsmContext context, NsHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        await RouteAsync(item.Name, context).ConfigureAwait(false);
        await next.UnregisterAsync(DomainRewrite.Strip(item), context).ConfigureAwait(false);
    }

    private async ValueTask<string> RouteAsync(string name, NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var domain = InterdomainName.Domain(name);
        if (domain.Length == 0)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, $"network service '{name}': domain cannot be empty (expected service@domain)");
        }

        context.ClientUrl = await _resolver.ResolveAsync(domain, DomainServices.Registry, context.CancellationToken).ConfigureAwait(false);
        return domain;
    }

    private sealed class AppendWriter(IAsyncStreamWriter<NetworkServiceResponse> inner, string domain) : IAsyncStreamWriter<NetworkServiceResponse>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(NetworkServiceResponse message)
        {
            if (message.NetworkService is not { } ns)
            {
                return inner.WriteAsync(message);
            }

            var copy = message.Clone();
            copy.NetworkService = DomainRewrite.Append(ns, domain);
            return inner.WriteAsync(copy);
        }
    }
}
