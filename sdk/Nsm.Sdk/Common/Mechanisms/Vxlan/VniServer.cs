using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.PerConnection;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms.Vxlan;

/// <summary>
/// Completes a selected VXLAN mechanism: <c>dst_ip</c>/<c>dst_port</c> from the options and a VNI unique per
/// <c>src_ip</c> (and not reserved by <see cref="VniOptions.IsReserved"/>). A free VNI already in the mechanism is kept
/// (and registered); otherwise the connection's previous VNI
/// is reused, or a random 24-bit one is drawn with the parity <see cref="VxlanMechanism.EvenVni"/> chooses.
/// </summary>
/// <remarks>
/// Fails with InvalidArgument when the mechanism has no <c>src_ip</c>, and with ResourceExhausted when no free VNI is
/// found after 1024 draws. The VNI is freed when a first Request fails
/// and on Close. Other mechanism types pass untouched.
/// </remarks>
public sealed class VniServer : INetworkServiceServer, IPerConnectionResource
{
    /// <summary>Random draws before giving up (2^23 VNIs per parity make a miss this long practically impossible).</summary>
    private const int MaxDraws = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string SrcIP, uint Vni), string> _inUse = [];
    private readonly Dictionary<string, (string SrcIP, uint Vni)> _byConnection = new(StringComparer.Ordinal);
    private readonly VniOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The tunnel IP, port and random source.</param>
    public VniServer(VniOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Gets the number of VNIs currently registered (for leak checks).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byConnection.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (VxlanMechanism.ToMechanism(request.Connection?.Mechanism) is not { } vxlan)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var src = vxlan.SrcIP ?? throw new NsmStatusException(StatusCode.InvalidArgument, "vxlan mechanism has no src_ip");
        vxlan.DstIP = _options.TunnelIP;
        vxlan.DstPort = _options.Port;
        var id = request.Connection!.Id;
        var isNew = Assign(id, src.ToString(), vxlan);
        return await PerConnectionResource.RequestAsync(this, id, isNew, request, context, next).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        PerConnectionResource.CloseAsync(this, connection, context, next);

    /// <summary>Sets the VNI on <paramref name="vxlan"/>; returns true when this call registered a new one.</summary>
    private bool Assign(string connectionId, string srcIP, VxlanMechanism vxlan)
    {
        lock (_lock)
        {
            var requested = vxlan.Vni;
            if (_byConnection.TryGetValue(connectionId, out var owned))
            {
                if (owned.SrcIP == srcIP && (requested == 0 || requested == owned.Vni))
                {
                    vxlan.Vni = owned.Vni;
                    return false;
                }

                Release(connectionId);
            }

            var key = (srcIP, requested);
            if (requested != 0 && Taken(key, connectionId))
            {
                requested = 0; // another connection has it: draw one
            }

            if (requested == 0)
            {
                var attempts = 0;
                do
                {
                    if (++attempts > MaxDraws)
                    {
                        throw new NsmStatusException(StatusCode.ResourceExhausted, $"no free vni for src_ip {srcIP}");
                    }

                    key = (srcIP, vxlan.GenerateRandomVni(_options.Random));
                }
                while (key.Item2 == 0 || Taken(key, connectionId));
                vxlan.Vni = key.Item2;
            }

            _inUse[key] = connectionId;
            _byConnection[connectionId] = key;
            return true;
        }
    }

    private bool Taken((string SrcIP, uint Vni) key, string connectionId) =>
        (_inUse.TryGetValue(key, out var owner) && owner != connectionId) || _options.IsReserved?.Invoke(key.Vni, connectionId) == true;

    /// <inheritdoc />
    void IPerConnectionResource.Free(string connectionId)
    {
        lock (_lock)
        {
            Release(connectionId);
        }
    }

    private void Release(string connectionId)
    {
        if (_byConnection.Remove(connectionId, out var key) && _inUse.TryGetValue(key, out var owner) && owner == connectionId)
        {
            _inUse.Remove(key);
        }
    }
}
