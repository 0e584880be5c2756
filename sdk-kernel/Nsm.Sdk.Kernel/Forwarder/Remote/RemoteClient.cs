using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// The client half on the NSC's node: towards a remote next hop (a URL other than <c>unix</c>/<c>inode</c>) it offers
/// the REMOTE mechanisms of <see cref="RemoteForwarderOptions.Priority"/> that carry the connection's payload, each
/// with its <c>MTU</c>; the answer is claimed on this node's VNIs (another VNI is asked for while it is taken here)
/// and kept for the server half.
/// </summary>
internal sealed class RemoteClient(RemoteForwarder owner) : INetworkServiceClient
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is null || context.ClientUrl.Scheme is "unix" or "inode")
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        if (!AddPreferences(request, context))
        {
            throw new NsmStatusException(StatusCode.FailedPrecondition, $"kernel forwarder: no remote mechanism to offer for payload {request.Connection?.Payload} (priority {string.Join(',', owner.Options.Priority)}; available here {string.Join(',', owner.Available)})");
        }

        var id = request.Connection?.Id ?? string.Empty;
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        for (var attempt = 1; VxlanMechanism.ToMechanism(conn.Mechanism) is { } vxlan && !owner.Vnis.TryClaim(vxlan.Vni, id); attempt++)
        {
            if (attempt >= owner.Options.VniAttempts)
            {
                await next.CloseAsync(conn, context).ConfigureAwait(false); // what the server made for it
                throw new NsmStatusException(StatusCode.AlreadyExists, $"kernel forwarder: the peer's vni {vxlan.Vni.ToString(CultureInfo.InvariantCulture)} is in use on this node, {attempt.ToString(CultureInfo.InvariantCulture)} times");
            }

            // Propose a VNI free here, of the parity upstream's rule gives this pair of tunnel IPs; the server keeps it if it is free there too.
            var retry = request.Clone();
            retry.Connection ??= new Connection();
            retry.Connection.Mechanism = conn.Mechanism.Clone();
            var proposal = VxlanMechanism.ToMechanism(retry.Connection.Mechanism)!;
            do
            {
                proposal.Vni = proposal.GenerateRandomVni(owner.Options.Random);
            }
            while (proposal.Vni == 0 || owner.Vnis.IsTakenByOther(proposal.Vni, id));
            conn = await next.RequestAsync(retry, context).ConfigureAwait(false);
        }

        if (conn.Mechanism is { Cls: Cls.Remote } answer)
        {
            context.MetadataMap(isClient: false).Store(RemoteForwarder.Answer, answer.Clone());
        }

        if (WireguardMechanism.ToMechanism(conn.Mechanism) is null && context.MetadataMap(isClient: false).TryLoadAndDelete(RemoteForwarder.Identity, out var unused))
        {
            owner.Ports.Release(unused.Port); // the server chose another mechanism
        }

        return conn;
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    /// <summary>The WireGuard preference: this side's tunnel IP, and the connection's own port and (fresh) key.</summary>
    private Mechanism WireGuardPreference(NsmContext context)
    {
        var identity = owner.IdentityOf(context);
        var preference = WireguardMechanism.New(owner.Options.TunnelIP, identity.PrivateKey.PublicKey.ToBase64());
        WireguardMechanism.ToMechanism(preference)!.SrcPort = (ushort)identity.Port;
        return preference;
    }

    /// <summary>Adds the REMOTE preferences; false when there is none to offer.</summary>
    private bool AddPreferences(NetworkServiceRequest request, NsmContext context)
    {
        var offered = false;
        var options = owner.Options;
        var ipv6 = options.TunnelIP.AddressFamily == AddressFamily.InterNetworkV6;
        foreach (var type in RemoteMechanismPriority.Offer(options.Priority, request.Connection?.Payload, owner.Available))
        {
            offered = true;
            if (request.MechanismPreferences.Any(m => m.Type == type))
            {
                continue;
            }

            var preference = type == WireguardMechanism.MechanismType ? WireGuardPreference(context) : VxlanMechanism.New(options.TunnelIP);

            preference.Parameters[CommonParameters.Mtu] = (options.Mtu - RemoteMechanismPriority.Overhead(type, ipv6)).ToString(CultureInfo.InvariantCulture);
            request.MechanismPreferences.Add(preference);
        }

        return offered;
    }
}
