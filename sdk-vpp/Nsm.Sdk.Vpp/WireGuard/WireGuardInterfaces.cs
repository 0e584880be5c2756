using System.Net;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Types;
using Nsm.Vpp.Messages.WireGuard;

namespace Nsm.Sdk.Vpp.WireGuard;

/// <summary>
/// One side's WireGuard in VPP: <c>wireguard_interface_create</c> (our private key, this side's port and address) then
/// <c>wireguard_peer_add</c> (the other side's public key and endpoint, keepalive 10 s, allowed 0.0.0.0/0 and ::/0);
/// undone with <c>wireguard_peer_remove</c> and <c>wireguard_interface_delete</c>.
/// </summary>
internal static class WireGuardInterfaces
{
    public const ushort PersistentKeepalive = 10;

    private static readonly NsmContextKey<State> ServerKey = new("vpp.wireguard.server");
    private static readonly NsmContextKey<State> ClientKey = new("vpp.wireguard.client");
    private static readonly NsmContextKey<byte[]> ServerPrivateKey = new("vpp.wireguard.private-key.server");
    private static readonly NsmContextKey<byte[]> ClientPrivateKey = new("vpp.wireguard.private-key.client");

    /// <summary>This side's private key for the connection (made once, kept across refreshes).</summary>
    public static byte[] PrivateKey(NsmContext context, bool isClient) =>
        context.MetadataMap(isClient).LoadOrStore(isClient ? ClientPrivateKey : ServerPrivateKey, WireGuardKeys.NewPrivateKey);

    /// <summary>Creates the interface and the peer (the same again is a no-op; another peer replaces both).</summary>
    public static async Task EnsureAsync(IVppApi vpp, NsmContext context, bool isClient, Tunnel tunnel, ILogger logger)
    {
        var metadata = context.MetadataMap(isClient);
        if (metadata.TryLoad(Key(isClient), out var existing))
        {
            if (existing.Tunnel.Equals(tunnel))
            {
                return;
            }

            await DeleteAsync(vpp, context, isClient, logger, forgetKey: false);
        }

        var peerKey = WireGuardKeys.Decode(tunnel.PeerPublicKey)
            ?? throw new NsmStatusException(StatusCode.InvalidArgument, $"the WireGuard mechanism's peer public key '{tunnel.PeerPublicKey}' is not 32 bytes of base64");
        var privateKey = PrivateKey(context, isClient);
        var ct = context.CancellationToken;
        var created = await VppCall.RequestAsync<WireguardInterfaceCreate, WireguardInterfaceCreateReply>(vpp, new WireguardInterfaceCreate
        {
            Interface = new WireguardInterface { PrivateKey = privateKey, PublicKey = WireGuardKeys.PublicKeyOf(privateKey), Port = tunnel.LocalPort, SrcIp = tunnel.Local },
            GenerateKey = false,
        }, ct);
        uint peerIndex;
        try
        {
            var peer = await VppCall.RequestAsync<WireguardPeerAdd, WireguardPeerAddReply>(vpp, new WireguardPeerAdd
            {
                Peer = new WireguardPeer
                {
                    PublicKey = peerKey,
                    Port = tunnel.RemotePort,
                    PersistentKeepalive = PersistentKeepalive,
                    Endpoint = tunnel.Remote,
                    SwIfIndex = created.SwIfIndex,
                    AllowedIps = [VppPrefix.FromAddress(IPAddress.Any, 0), VppPrefix.FromAddress(IPAddress.IPv6Any, 0)],
                },
            }, ct);
            peerIndex = peer.PeerIndex;
        }
        catch
        {
            await DeleteInterfaceAsync(vpp, created.SwIfIndex, logger);
            throw;
        }

        metadata.Store(Key(isClient), new State(tunnel, created.SwIfIndex, peerIndex));
        VppInterfaces.Store(context, isClient, created.SwIfIndex);
    }

    /// <summary>Removes the peer and the interface this side made, if any (Close is idempotent).</summary>
    public static async Task DeleteAsync(IVppApi vpp, NsmContext context, bool isClient, ILogger logger, bool forgetKey = true)
    {
        var metadata = context.MetadataMap(isClient);
        if (forgetKey)
        {
            metadata.Delete(isClient ? ClientPrivateKey : ServerPrivateKey);
        }

        if (!metadata.TryLoadAndDelete(Key(isClient), out var state))
        {
            return;
        }

        VppInterfaces.TryLoadAndDelete(context, isClient, out _);
        await VppCall.UndoAsync(logger, "wireguard_peer_remove", () =>
            VppCall.RequestAsync<WireguardPeerRemove, WireguardPeerRemoveReply>(vpp, new WireguardPeerRemove { PeerIndex = state.PeerIndex }, CancellationToken.None));
        await DeleteInterfaceAsync(vpp, state.SwIfIndex, logger);
    }

    private static Task<bool> DeleteInterfaceAsync(IVppApi vpp, uint swIfIndex, ILogger logger) =>
        VppCall.UndoAsync(logger, "wireguard_interface_delete", () =>
            VppCall.RequestAsync<WireguardInterfaceDelete, WireguardInterfaceDeleteReply>(vpp, new WireguardInterfaceDelete { SwIfIndex = swIfIndex }, CancellationToken.None));

    private static NsmContextKey<State> Key(bool isClient) => isClient ? ClientKey : ServerKey;

    internal sealed record Tunnel(IPAddress Local, ushort LocalPort, IPAddress Remote, ushort RemotePort, string PeerPublicKey);

    private sealed record State(Tunnel Tunnel, uint SwIfIndex, uint PeerIndex);
}
