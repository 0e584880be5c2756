using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>
/// Encodes <c>WG_CMD_SET_DEVICE</c> and <c>WG_CMD_GET_DEVICE</c> requests. Nested attributes carry NLA_F_NESTED;
/// the elements of the peer and allowed-IP arrays are nests of type 0 (the kernel ignores their type).
/// </summary>
internal static class WireGuardNetlinkCodec
{
    /// <summary>A buffer size that holds the <c>WG_CMD_SET_DEVICE</c> of <paramref name="settings"/>.</summary>
    public static int SetBufferSize(WireGuardNetlinkSettings settings) =>
        256 + settings.Peers.Sum(p => 192 + (40 * p.AllowedIps.Count));

    /// <summary>Writes <c>WG_CMD_SET_DEVICE</c> (with NLM_F_ACK) for <paramref name="settings"/>.</summary>
    /// <exception cref="ArgumentException">A key is not 32 bytes.</exception>
    public static NetlinkWriter WriteSet(Span<byte> buffer, ushort familyId, WireGuardNetlinkSettings settings)
    {
        var w = GenericNetlinkRequest.Start(buffer, familyId, Nl.NLM_F_ACK, WgGenl.WG_CMD_SET_DEVICE, WgGenl.Version);
        w.String(WgGenl.WGDEVICE_A_IFNAME, settings.InterfaceName);
        if (settings.PrivateKey is { } privateKey)
        {
            w.Attr(WgGenl.WGDEVICE_A_PRIVATE_KEY, Key(privateKey, nameof(settings.PrivateKey)));
        }

        if (settings.ListenPort is { } port)
        {
            w.U16(WgGenl.WGDEVICE_A_LISTEN_PORT, port);
        }

        if (settings.Fwmark is { } fwmark)
        {
            w.U32(WgGenl.WGDEVICE_A_FWMARK, fwmark);
        }

        if (settings.ReplacePeers)
        {
            w.U32(WgGenl.WGDEVICE_A_FLAGS, WgGenl.WGDEVICE_F_REPLACE_PEERS);
        }

        if (settings.Peers.Count > 0)
        {
            var peers = w.BeginAttr((ushort)(WgGenl.WGDEVICE_A_PEERS | Genl.NLA_F_NESTED));
            foreach (var peer in settings.Peers)
            {
                WritePeer(ref w, peer);
            }

            w.End(peers);
        }

        return w;
    }

    /// <summary>Writes the <c>WG_CMD_GET_DEVICE</c> dump request of the interface named <paramref name="interfaceName"/>.</summary>
    public static NetlinkWriter WriteGet(Span<byte> buffer, ushort familyId, string interfaceName)
    {
        var w = GenericNetlinkRequest.Start(buffer, familyId, Nl.NLM_F_DUMP, WgGenl.WG_CMD_GET_DEVICE, WgGenl.Version);
        w.String(WgGenl.WGDEVICE_A_IFNAME, interfaceName);
        return w;
    }

    /// <summary>Writes <c>struct sockaddr_in</c> (16 bytes) or <c>struct sockaddr_in6</c> (28 bytes); returns the length.</summary>
    public static int WriteSockaddr(Span<byte> buffer, IPEndPoint endpoint)
    {
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            buffer[..16].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(buffer, WgGenl.AF_INET); // sin_family (host order)
            BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endpoint.Port); // sin_port (network order)
            address.TryWriteBytes(buffer[4..8], out _); // sin_addr; 8 bytes of sin_zero follow
            return 16;
        }

        buffer[..28].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(buffer, WgGenl.AF_INET6); // sin6_family
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)endpoint.Port); // sin6_port; sin6_flowinfo 0 follows
        address.TryWriteBytes(buffer[8..24], out _); // sin6_addr
        BinaryPrimitives.WriteUInt32LittleEndian(buffer[24..], (uint)address.ScopeId); // sin6_scope_id
        return 28;
    }

    private static void WritePeer(ref NetlinkWriter w, WireGuardNetlinkPeerSettings peer)
    {
        var nest = w.BeginAttr(Genl.NLA_F_NESTED);
        w.Attr(WgGenl.WGPEER_A_PUBLIC_KEY, Key(peer.PublicKey, nameof(peer.PublicKey)));
        if (peer.PresharedKey is { } psk)
        {
            w.Attr(WgGenl.WGPEER_A_PRESHARED_KEY, Key(psk, nameof(peer.PresharedKey)));
        }

        var flags = (peer.Remove ? WgGenl.WGPEER_F_REMOVE_ME : 0)
            | (peer.ReplaceAllowedIps ? WgGenl.WGPEER_F_REPLACE_ALLOWEDIPS : 0)
            | (peer.UpdateOnly ? WgGenl.WGPEER_F_UPDATE_ONLY : 0);
        if (flags != 0)
        {
            w.U32(WgGenl.WGPEER_A_FLAGS, flags);
        }

        if (peer.Endpoint is { } endpoint)
        {
            Span<byte> sockaddr = stackalloc byte[28];
            var length = WriteSockaddr(sockaddr, endpoint);
            w.Attr(WgGenl.WGPEER_A_ENDPOINT, sockaddr[..length]);
        }

        if (peer.PersistentKeepaliveSeconds is { } keepalive)
        {
            w.U16(WgGenl.WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, keepalive);
        }

        if (peer.AllowedIps.Count > 0)
        {
            var ips = w.BeginAttr((ushort)(WgGenl.WGPEER_A_ALLOWEDIPS | Genl.NLA_F_NESTED));
            foreach (var net in peer.AllowedIps)
            {
                var ip = w.BeginAttr(Genl.NLA_F_NESTED);
                w.U16(WgGenl.WGALLOWEDIP_A_FAMILY, net.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? WgGenl.AF_INET : WgGenl.AF_INET6);
                w.Address(WgGenl.WGALLOWEDIP_A_IPADDR, net.BaseAddress);
                w.U8(WgGenl.WGALLOWEDIP_A_CIDR_MASK, (byte)net.PrefixLength);
                w.End(ip);
            }

            w.End(ips);
        }

        w.End(nest);
    }

    private static ReadOnlySpan<byte> Key(ReadOnlyMemory<byte> key, string name) =>
        key.Length == WgGenl.KeyLength ? key.Span : throw new ArgumentException($"{name} has {key.Length} bytes, not {WgGenl.KeyLength}", name);
}
