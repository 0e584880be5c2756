using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Routes;

/// <summary>
/// Upstream <c>policyroute</c>: replaces the request's <c>policies</c> with what a getter returns (read on every Request,
/// so policies can change at run time, e.g. from a watched file). The <c>from</c> addresses of the previous policies are
/// removed from <c>src_ip_addrs</c> and those of the new ones are added, so the client gets the source addresses its
/// policies refer to.
/// </summary>
/// <param name="getPolicies">Returns the current policies; <see langword="null"/> means none.</param>
public sealed class PolicyRouteServer(Func<IEnumerable<PolicyRoute>?> getPolicies) : INetworkServiceServer
{
    private readonly Func<IEnumerable<PolicyRoute>?> _getPolicies = getPolicies ?? throw new ArgumentNullException(nameof(getPolicies));

    /// <summary>Creates the element with fixed policies.</summary>
    /// <param name="policies">The policies.</param>
    public PolicyRouteServer(params PolicyRoute[] policies)
        : this(() => policies)
    {
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        var ip = (conn.Context ??= new ConnectionContext()).IpContext ??= new IPContext();
        foreach (var old in ip.Policies)
        {
            if (!string.IsNullOrEmpty(old.From))
            {
                ip.SrcIpAddrs.Remove(old.From);
            }
        }

        var policies = _getPolicies()?.Where(p => p is not null).Select(p => p.Clone()).ToArray() ?? [];
        ip.Policies.Clear();
        ip.Policies.Add(policies);
        foreach (var p in policies)
        {
            if (!string.IsNullOrEmpty(p.From) && !ip.SrcIpAddrs.Contains(p.From))
            {
                ip.SrcIpAddrs.Add(p.From);
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
