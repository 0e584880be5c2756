using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.DnsContext;

/// <summary>
/// Upstream <c>dnscontext</c> server: appends the configured <see cref="DNSConfig"/>s to the request's
/// <c>dns_context.configs</c>, each only when an equal config is not already there.
/// </summary>
public sealed class DnsContextServer : INetworkServiceServer
{
    private readonly DNSConfig[] _configs;

    /// <summary>Creates the element.</summary>
    /// <param name="configs">The DNS configs the endpoint offers.</param>
    public DnsContextServer(params DNSConfig[] configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        _configs = [.. configs.Select(c => (c ?? throw new ArgumentException("a DNS config is null", nameof(configs))).Clone())];
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        var dns = (conn.Context ??= new ConnectionContext()).DnsContext ??= new DNSContext();
        foreach (var config in _configs)
        {
            if (!dns.Configs.Contains(config))
            {
                dns.Configs.Add(config.Clone());
            }
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }
}
