using System.Collections.Concurrent;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.DnsContext;

/// <summary>
/// Upstream <c>dnscontext</c> client: makes sure the request has a <c>dns_context</c>, and after a successful Request
/// stores the response's DNS configs (followed by the original resolv.conf config, when one was read) in a map keyed by
/// connection id, for the local DNS proxy. Close removes the entry.
/// </summary>
/// <remarks>
/// Only when <see cref="DnsContextClientOptions.RewriteResolvConf"/> is set does the constructor read and rewrite
/// <see cref="DnsContextClientOptions.ResolvConfPath"/>: a previous rewrite is undone first, the original lines are
/// commented out with <c>#nsm# </c>, and <c>nameserver &lt;DefaultNameServerIp&gt;</c> is appended.
/// </remarks>
public sealed class DnsContextClient : INetworkServiceClient
{
    private readonly DNSConfig? _original;

    /// <summary>Creates the element.</summary>
    /// <param name="options">The options; <see langword="null"/> for the defaults (no resolv.conf rewrite).</param>
    /// <exception cref="IOException">The resolv.conf rewrite was requested and failed.</exception>
    public DnsContextClient(DnsContextClientOptions? options = null)
    {
        options ??= new DnsContextClientOptions();
        DnsConfigs = options.DnsConfigsMap ?? new ConcurrentDictionary<string, IReadOnlyList<DNSConfig>>(StringComparer.Ordinal);
        if (options.RewriteResolvConf)
        {
            ArgumentException.ThrowIfNullOrEmpty(options.ResolvConfPath, nameof(options));
            ArgumentException.ThrowIfNullOrEmpty(options.DefaultNameServerIp, nameof(options));
            _original = ResolvConf.Rewrite(options.ResolvConfPath, options.DefaultNameServerIp);
        }
    }

    /// <summary>Gets the DNS configs of every connection, keyed by connection id.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<DNSConfig>> DnsConfigs { get; }

    /// <summary>Gets the config read from the original resolv.conf, or <see langword="null"/>.</summary>
    public DNSConfig? OriginalConfig => _original;

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        (conn.Context ??= new ConnectionContext()).DnsContext ??= new DNSContext();
        var response = await next.RequestAsync(request, context).ConfigureAwait(false);
        var configs = response.Context?.DnsContext?.Configs.Select(c => c.Clone()).ToList() ?? [];
        if (_original is not null)
        {
            configs.Add(_original.Clone());
        }

        DnsConfigs[conn.Id ?? string.Empty] = configs;
        return response;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        DnsConfigs.TryRemove(connection.Id ?? string.Empty, out _);
        return next.CloseAsync(connection, context);
    }
}
