using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Remote;

/// <summary>
/// The server half of remote mechanism negotiation (the forwarder on the NSE's node): it keeps an already selected
/// REMOTE mechanism it supports (a refresh), or else selects the first REMOTE preference it supports in the client's
/// order; sets <c>dst_ip</c> to its tunnel IP; and caps the mechanism's <c>MTU</c> and the connection context's MTU
/// at its own MTU minus the tunnel's overhead. Requests that offer no REMOTE mechanism pass untouched.
/// </summary>
/// <remarks>Fails with InvalidArgument when REMOTE preferences are offered but none is supported.</remarks>
public sealed class RemoteMechanismSelectServer : INetworkServiceServer
{
    private readonly IReadOnlySet<string> _supported;
    private readonly IPAddress _tunnelIP;
    private readonly int _mtu;

    /// <summary>Initializes the element.</summary>
    /// <param name="supported">The REMOTE mechanism types this side builds.</param>
    /// <param name="tunnelIP">This side's tunnel IP (<c>dst_ip</c>).</param>
    /// <param name="mtu">This side's MTU before the tunnel overhead (0: no cap).</param>
    public RemoteMechanismSelectServer(IReadOnlySet<string> supported, IPAddress tunnelIP, int mtu)
    {
        ArgumentNullException.ThrowIfNull(supported);
        ArgumentNullException.ThrowIfNull(tunnelIP);
        ArgumentOutOfRangeException.ThrowIfNegative(mtu);
        _supported = supported;
        _tunnelIP = tunnelIP;
        _mtu = mtu;
    }

    /// <summary>Selects the mechanism for <paramref name="request"/> (null: the request is not a remote one).</summary>
    /// <param name="request">The request.</param>
    /// <param name="supported">The supported types.</param>
    /// <returns>The kept or selected mechanism (the request's own object), or null.</returns>
    /// <exception cref="NsmStatusException">REMOTE preferences but none supported.</exception>
    public static Mechanism? Select(NetworkServiceRequest request, IReadOnlySet<string> supported)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(supported);
        request.Connection ??= new Connection();
        if (request.Connection.Mechanism is { Cls: Cls.Remote } selected && supported.Contains(selected.Type))
        {
            return selected;
        }

        var remote = request.MechanismPreferences.Where(m => m.Cls == Cls.Remote).ToList();
        if (remote.Count == 0)
        {
            return null;
        }

        var preference = remote.FirstOrDefault(m => supported.Contains(m.Type))
            ?? throw new NsmStatusException(StatusCode.InvalidArgument, $"remote mechanism: none of the offered {string.Join(", ", remote.Select(m => m.Type))} is supported here ({string.Join(", ", supported)})");
        request.Connection.Mechanism = preference.Clone();
        return request.Connection.Mechanism;
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (Select(request, _supported) is { } mechanism)
        {
            var tunnel = VxlanMechanism.ToMechanism(mechanism) as TunnelMechanism ?? WireguardMechanism.ToMechanism(mechanism);
            if (tunnel is not null)
            {
                tunnel.DstIP = _tunnelIP;
                CapMtu(request.Connection!, tunnel, mechanism.Type);
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

    private void CapMtu(Connection connection, TunnelMechanism tunnel, string type)
    {
        if (_mtu <= 0)
        {
            return;
        }

        var cap = (uint)(_mtu - RemoteMechanismPriority.Overhead(type, _tunnelIP.AddressFamily == AddressFamily.InterNetworkV6));
        tunnel.Mtu = tunnel.Mtu is > 0 and var m && m < cap ? m : cap;
        connection.Context ??= new ConnectionContext();
        if (connection.Context.MTU == 0 || connection.Context.MTU > tunnel.Mtu)
        {
            connection.Context.MTU = tunnel.Mtu;
        }
    }
}
