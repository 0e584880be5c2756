using System.Buffers.Binary;
using System.Net;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>
/// Puts a device together from the messages of a <c>WG_CMD_GET_DEVICE</c> dump: the first carries the device's
/// attributes; peers follow, and a peer whose allowed IPs did not fit is repeated at the start of the next message
/// with only its public key and the rest of its allowed IPs.
/// </summary>
internal sealed class WireGuardDumpParser
{
    private readonly List<WireGuardNetlinkPeer> _peers = [];
    private readonly List<List<IPNetwork>> _allowed = [];
    private WireGuardNetlinkDevice? _device;

    /// <summary>Gets the device, or null before the first message.</summary>
    public WireGuardNetlinkDevice? Device => _device is null
        ? null
        : _device with { Peers = _peers.Select((p, i) => p with { AllowedIps = _allowed[i] }).ToArray() };

    /// <summary>Adds one message's payload (after the netlink header).</summary>
    /// <exception cref="FormatException">The message is not a WireGuard device.</exception>
    public void Add(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < Genl.HeaderSize)
        {
            throw new FormatException($"WG_CMD_GET_DEVICE answer of {payload.Length} bytes");
        }

        var device = _device ?? new WireGuardNetlinkDevice(0, string.Empty);
        var r = new AttributeReader(payload[Genl.HeaderSize..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case WgGenl.WGDEVICE_A_IFINDEX:
                    device = device with { InterfaceIndex = (int)r.U32 };
                    break;
                case WgGenl.WGDEVICE_A_IFNAME:
                    device = device with { InterfaceName = r.String };
                    break;
                case WgGenl.WGDEVICE_A_PRIVATE_KEY:
                    device = device with { PrivateKey = NonZeroKey(r.Value) };
                    break;
                case WgGenl.WGDEVICE_A_PUBLIC_KEY:
                    device = device with { PublicKey = NonZeroKey(r.Value) };
                    break;
                case WgGenl.WGDEVICE_A_LISTEN_PORT:
                    device = device with { ListenPort = r.Value.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(r.Value) : 0 };
                    break;
                case WgGenl.WGDEVICE_A_FWMARK:
                    device = device with { Fwmark = r.U32 };
                    break;
                case WgGenl.WGDEVICE_A_PEERS:
                    var peers = r.Nested;
                    while (peers.Next())
                    {
                        AddPeer(peers.Nested);
                    }

                    break;
                default:
                    break;
            }
        }

        _device = device;
    }

    /// <summary>Decodes <c>struct sockaddr_in</c> or <c>sockaddr_in6</c>, or null for anything else (e.g. AF_UNSPEC: no endpoint).</summary>
    public static IPEndPoint? ParseSockaddr(ReadOnlySpan<byte> value)
    {
        if (value.Length < 2)
        {
            return null;
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(value);
        if (family == WgGenl.AF_INET && value.Length >= 8)
        {
            return new IPEndPoint(new IPAddress(value[4..8]), BinaryPrimitives.ReadUInt16BigEndian(value[2..]));
        }

        if (family == WgGenl.AF_INET6 && value.Length >= 28)
        {
            var scope = BinaryPrimitives.ReadUInt32LittleEndian(value[24..]);
            return new IPEndPoint(new IPAddress(value[8..24], scope), BinaryPrimitives.ReadUInt16BigEndian(value[2..]));
        }

        return null;
    }

    private static ReadOnlyMemory<byte>? NonZeroKey(ReadOnlySpan<byte> value) =>
        value.Length == WgGenl.KeyLength && value.ContainsAnyExcept((byte)0) ? new ReadOnlyMemory<byte>(value.ToArray()) : (ReadOnlyMemory<byte>?)null;

    private void AddPeer(AttributeReader r)
    {
        WireGuardNetlinkPeer? peer = null;
        var allowed = new List<IPNetwork>();
        var rest = r;
        while (r.Next())
        {
            if (r.Type == WgGenl.WGPEER_A_PUBLIC_KEY && r.Value.Length == WgGenl.KeyLength)
            {
                peer = new WireGuardNetlinkPeer(r.Value.ToArray());
            }
        }

        if (peer is null)
        {
            throw new FormatException("WG_CMD_GET_DEVICE peer without a public key");
        }

        var continued = _peers.Count > 0 && _peers[^1].PublicKey.Span.SequenceEqual(peer.PublicKey.Span);
        while (rest.Next())
        {
            switch (rest.Type)
            {
                case WgGenl.WGPEER_A_PRESHARED_KEY:
                    peer = peer with { HasPresharedKey = NonZeroKey(rest.Value) is not null };
                    break;
                case WgGenl.WGPEER_A_ENDPOINT:
                    peer = peer with { Endpoint = ParseSockaddr(rest.Value) };
                    break;
                case WgGenl.WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL when rest.Value.Length >= 2:
                    peer = peer with { PersistentKeepalive = TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt16LittleEndian(rest.Value)) };
                    break;
                case WgGenl.WGPEER_A_LAST_HANDSHAKE_TIME when rest.Value.Length >= 16:
                    // struct __kernel_timespec: s64 tv_sec, s64 tv_nsec; zero when no handshake has completed.
                    var sec = BinaryPrimitives.ReadInt64LittleEndian(rest.Value);
                    var nsec = BinaryPrimitives.ReadInt64LittleEndian(rest.Value[8..]);
                    peer = peer with { LastHandshake = sec == 0 && nsec == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(sec).AddTicks(nsec / 100) };
                    break;
                case WgGenl.WGPEER_A_RX_BYTES when rest.Value.Length >= 8:
                    peer = peer with { RxBytes = (long)BinaryPrimitives.ReadUInt64LittleEndian(rest.Value) };
                    break;
                case WgGenl.WGPEER_A_TX_BYTES when rest.Value.Length >= 8:
                    peer = peer with { TxBytes = (long)BinaryPrimitives.ReadUInt64LittleEndian(rest.Value) };
                    break;
                case WgGenl.WGPEER_A_PROTOCOL_VERSION:
                    peer = peer with { ProtocolVersion = (int)rest.U32 };
                    break;
                case WgGenl.WGPEER_A_ALLOWEDIPS:
                    var ips = rest.Nested;
                    while (ips.Next())
                    {
                        if (ParseAllowedIp(ips.Nested) is { } net)
                        {
                            allowed.Add(net);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        if (continued)
        {
            _allowed[^1].AddRange(allowed);
        }
        else
        {
            _peers.Add(peer);
            _allowed.Add(allowed);
        }
    }

    private static IPNetwork? ParseAllowedIp(AttributeReader r)
    {
        IPAddress? address = null;
        int? prefix = null;
        while (r.Next())
        {
            switch (r.Type)
            {
                case WgGenl.WGALLOWEDIP_A_IPADDR:
                    address = r.Address;
                    break;
                case WgGenl.WGALLOWEDIP_A_CIDR_MASK:
                    prefix = r.U8;
                    break;
                default:
                    break;
            }
        }

        return address is null || prefix is null ? null : new IPNetwork(address, prefix.Value);
    }
}
