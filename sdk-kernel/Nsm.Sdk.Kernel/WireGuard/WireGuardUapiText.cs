using System.Globalization;
using System.Net;
using System.Text;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// The text of WireGuard's cross-platform UAPI (wireguard.com/xplatform): <c>set=1</c> and <c>get=1</c> requests of
/// <c>key=value</c> lines ending with an empty line, answered by <c>errno=N</c> (and, for get, the settings first).
/// Keys are hex; endpoints <c>IP:port</c> or <c>[IPv6]:port</c>.
/// </summary>
internal static class WireGuardUapiText
{
    public const string Get = "get=1\n\n";

    /// <summary>The <c>set=1</c> request for <paramref name="settings"/>.</summary>
    public static string Set(WireGuardSettings settings)
    {
        var b = new StringBuilder("set=1\n");
        if (settings.PrivateKey is { } key)
        {
            b.Append("private_key=").Append(key.ToHex()).Append('\n');
        }

        if (settings.ListenPort is { } port)
        {
            b.Append(CultureInfo.InvariantCulture, $"listen_port={port}\n");
        }

        if (settings.ReplacePeers)
        {
            b.Append("replace_peers=true\n");
        }

        foreach (var peer in settings.Peers)
        {
            b.Append("public_key=").Append(peer.PublicKey.ToHex()).Append('\n');
            if (peer.Endpoint is { } endpoint)
            {
                b.Append("endpoint=").Append(endpoint.ToString()).Append('\n');
            }

            b.Append(CultureInfo.InvariantCulture, $"persistent_keepalive_interval={(int)peer.PersistentKeepalive.TotalSeconds}\n");
            b.Append("replace_allowed_ips=true\n");
            foreach (var net in peer.AllowedIps)
            {
                b.Append("allowed_ip=").Append(net.ToString()).Append('\n');
            }
        }

        return b.Append('\n').ToString();
    }

    /// <summary>A <c>set=1</c> that only changes an existing peer's keepalive interval (0 turns it off).</summary>
    public static string SetKeepalive(WireGuardKey peer, int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"set=1\npublic_key={peer.ToHex()}\nupdate_only=true\npersistent_keepalive_interval={seconds}\n\n");

    /// <summary>The errno of a reply (its <c>errno=N</c> line), or null when the reply has none.</summary>
    public static int? Errno(string reply)
    {
        foreach (var (key, value) in Lines(reply))
        {
            if (key == "errno" && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var errno))
            {
                return errno;
            }
        }

        return null;
    }

    /// <summary>Decodes the reply to <c>get=1</c>.</summary>
    /// <exception cref="FormatException">A line does not parse.</exception>
    public static WireGuardStatus ParseGet(string reply)
    {
        WireGuardKey? privateKey = null;
        var listenPort = 0;
        var peers = new List<WireGuardPeerStatus>();
        WireGuardPeerStatus? peer = null;
        List<IPNetwork>? allowed = null;
        long handshakeSec = 0, handshakeNsec = 0;

        void FinishPeer()
        {
            if (peer is not null)
            {
                peers.Add(peer with
                {
                    AllowedIps = allowed!,
                    LastHandshake = handshakeSec == 0 && handshakeNsec == 0
                        ? null
                        : DateTimeOffset.FromUnixTimeSeconds(handshakeSec).AddTicks(handshakeNsec / 100),
                });
            }
        }

        foreach (var (key, value) in Lines(reply))
        {
            switch (key)
            {
                case "private_key" when peer is null:
                    privateKey = WireGuardKey.Parse(value);
                    break;
                case "listen_port" when peer is null:
                    listenPort = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "public_key":
                    FinishPeer();
                    peer = new WireGuardPeerStatus(WireGuardKey.Parse(value));
                    allowed = [];
                    handshakeSec = handshakeNsec = 0;
                    break;
                case "endpoint" when peer is not null:
                    peer = peer with { Endpoint = IPEndPoint.Parse(value) };
                    break;
                case "last_handshake_time_sec" when peer is not null:
                    handshakeSec = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "last_handshake_time_nsec" when peer is not null:
                    handshakeNsec = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "rx_bytes" when peer is not null:
                    peer = peer with { RxBytes = long.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "tx_bytes" when peer is not null:
                    peer = peer with { TxBytes = long.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "persistent_keepalive_interval" when peer is not null:
                    peer = peer with { PersistentKeepalive = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)) };
                    break;
                case "allowed_ip" when peer is not null:
                    allowed!.Add(IPNetwork.Parse(value));
                    break;
                default:
                    break; // fwmark, protocol_version, preshared_key, errno and future keys
            }
        }

        FinishPeer();
        return new WireGuardStatus { PrivateKey = privateKey, PublicKey = privateKey?.PublicKey, ListenPort = listenPort, Peers = peers };
    }

    private static IEnumerable<(string Key, string Value)> Lines(string reply)
    {
        foreach (var line in reply.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                yield return (line[..eq], line[(eq + 1)..]);
            }
        }
    }
}
