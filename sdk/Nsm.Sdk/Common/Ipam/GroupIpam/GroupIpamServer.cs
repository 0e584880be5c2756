using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Ipam.GroupIpam;

/// <summary>
/// Upstream <c>groupipam</c>: one IPAM element per group of prefixes, chained, so each connection gets one allocation
/// per group (e.g. an IPv4 group and an IPv6 group give a dual-stack pair).
/// </summary>
public sealed class GroupIpamServer : INetworkServiceServer
{
    private readonly NetworkServiceServerChain _chain;

    /// <summary>Creates the element.</summary>
    /// <param name="groups">The groups of CIDRs; at least one, each non-empty.</param>
    /// <param name="newIpam">Builds the IPAM element of one group; <see langword="null"/> for <see cref="Point2PointIpamServer"/>
    /// (upstream <c>WithCustomIPAMServer</c>).</param>
    /// <exception cref="ArgumentException">No group, an empty group, or a malformed prefix (named in the message).</exception>
    public GroupIpamServer(IEnumerable<IEnumerable<string>> groups, Func<IReadOnlyList<string>, INetworkServiceServer>? newIpam = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var factory = newIpam ?? (static p => new Point2PointIpamServer([.. p]));
        var servers = new List<INetworkServiceServer>();
        foreach (var group in groups)
        {
            string[] prefixes = [.. group ?? throw new ArgumentException("IPAM: a group is null.", nameof(groups))];
            IpamErrors.ParsePrefixes(prefixes, nameof(groups));
            servers.Add(factory(prefixes));
        }

        if (servers.Count == 0)
        {
            throw new ArgumentException("IPAM: required one or more groups of prefixes.", nameof(groups));
        }

        _chain = new NetworkServiceServerChain(servers);
    }

    /// <summary>Gets the IPAM element of each group, in order.</summary>
    public IReadOnlyList<INetworkServiceServer> Servers => _chain.Elements;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _chain.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _chain.CloseAsync(connection, context, next);
}
