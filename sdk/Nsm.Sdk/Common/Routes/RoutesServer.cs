using Google.Protobuf.Collections;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Routes;

/// <summary>
/// Adds configured routes to the request's <c>src_routes</c> and <c>dst_routes</c> before calling next. A route already
/// present (same prefix and next hop) is not added again, so refreshes are idempotent.
/// </summary>
public sealed class RoutesServer : INetworkServiceServer
{
    private readonly Route[] _src;
    private readonly Route[] _dst;

    /// <summary>Creates the element.</summary>
    /// <param name="options">The routes.</param>
    /// <exception cref="ArgumentException">A route prefix is not a valid CIDR (the message names it).</exception>
    public RoutesServer(RoutesServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _src = Validate(options.SrcRoutes);
        _dst = Validate(options.DstRoutes);
    }

    /// <summary>Creates the element with src routes given as prefixes (no next hop).</summary>
    /// <param name="srcRoutePrefixes">E.g. <c>10.100.1.0/24</c>.</param>
    public RoutesServer(params string[] srcRoutePrefixes)
        : this(new RoutesServerOptions { SrcRoutes = [.. srcRoutePrefixes.Select(p => new Route { Prefix = p })] })
    {
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        var conn = request.Connection ??= new Connection();
        var ip = (conn.Context ??= new ConnectionContext()).IpContext ??= new IPContext();
        AddMissing(ip.SrcRoutes, _src);
        AddMissing(ip.DstRoutes, _dst);
        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    internal static void AddMissing(RepeatedField<Route> field, IEnumerable<Route> routes)
    {
        foreach (var route in routes)
        {
            if (!field.Contains(route))
            {
                field.Add(route.Clone());
            }
        }
    }

    private static Route[] Validate(IList<Route>? routes)
    {
        var result = routes?.ToArray() ?? [];
        foreach (var r in result)
        {
            ArgumentNullException.ThrowIfNull(r, nameof(routes));
            IpamValidation.ParseCidr(r.Prefix, paramName: nameof(routes));
        }

        return result;
    }
}
