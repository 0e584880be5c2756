using System.Collections.Concurrent;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.DnsContext;

/// <summary>Options of <see cref="DnsContextClient"/>.</summary>
public sealed class DnsContextClientOptions
{
    /// <summary>The upstream resolv.conf path.</summary>
    public const string SystemResolvConfPath = "/etc/resolv.conf";

    /// <summary>
    /// Gets or sets a value indicating whether the constructor rewrites <see cref="ResolvConfPath"/> to point at
    /// <see cref="DefaultNameServerIp"/> (a local DNS proxy). Default: <see langword="false"/>; upstream always does it.
    /// </summary>
    public bool RewriteResolvConf { get; set; }

    /// <summary>Gets or sets the resolv.conf to rewrite (upstream <c>WithResolveConfigPath</c>). Default: <see cref="SystemResolvConfPath"/>.</summary>
    public string ResolvConfPath { get; set; } = SystemResolvConfPath;

    /// <summary>Gets or sets the name server written into the rewritten file (upstream <c>WithDefaultNameServerIP</c>). Default: <c>127.0.0.1</c>.</summary>
    public string DefaultNameServerIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// Gets or sets the map, shared with the DNS proxy, that receives each connection's DNS configs (upstream
    /// <c>WithDNSConfigsMap</c>). Default: <see langword="null"/>, meaning the element creates its own.
    /// </summary>
    public ConcurrentDictionary<string, IReadOnlyList<DNSConfig>>? DnsConfigsMap { get; set; }
}
