using System.Net;
using System.Net.Sockets;
using System.Text;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Tests.WireGuard;

public class WireGuardUapiTests
{
    private static readonly WireGuardKey Private = WireGuardKey.Parse("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static readonly WireGuardKey Peer = WireGuardKey.Parse("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

    [Fact]
    public void Set_writes_keys_in_hex_and_the_peer_after_the_interface()
    {
        var text = WireGuardUapiText.Set(new WireGuardSettings
        {
            PrivateKey = Private,
            ListenPort = 51820,
            ReplacePeers = true,
            Peers =
            [
                new WireGuardPeer(Peer)
                {
                    Endpoint = IPEndPoint.Parse("[fd00::2]:51821"),
                    AllowedIps = [IPNetwork.Parse("172.16.1.100/31"), IPNetwork.Parse("::/0")],
                    PersistentKeepalive = TimeSpan.FromSeconds(25),
                },
            ],
        });
        Assert.Equal(
            "set=1\nprivate_key=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a\nlisten_port=51820\nreplace_peers=true\n"
            + "public_key=de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f\nendpoint=[fd00::2]:51821\n"
            + "persistent_keepalive_interval=25\nreplace_allowed_ips=true\nallowed_ip=172.16.1.100/31\nallowed_ip=::/0\n\n",
            text);
    }

    [Fact]
    public void Get_reply_gives_the_public_key_port_and_peer_statistics()
    {
        var status = WireGuardUapiText.ParseGet(
            "private_key=77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a\nlisten_port=51820\n"
            + "public_key=de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f\npreshared_key=0000000000000000000000000000000000000000000000000000000000000000\n"
            + "protocol_version=1\nendpoint=192.168.79.2:51821\nlast_handshake_time_sec=1700000000\nlast_handshake_time_nsec=500000000\n"
            + "tx_bytes=148\nrx_bytes=92\npersistent_keepalive_interval=0\nallowed_ip=0.0.0.0/0\nerrno=0\n\n");
        Assert.Equal(Private.PublicKey, status.PublicKey);
        Assert.Equal(51820, status.ListenPort);
        var peer = Assert.Single(status.Peers);
        Assert.Equal(Peer, peer.PublicKey);
        Assert.Equal(IPEndPoint.Parse("192.168.79.2:51821"), peer.Endpoint);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), peer.LastHandshake);
        Assert.Equal((92, 148), (peer.RxBytes, peer.TxBytes));
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0")], peer.AllowedIps);
    }

    [Fact]
    public void A_peer_without_handshake_has_none() =>
        Assert.Null(Assert.Single(WireGuardUapiText.ParseGet($"listen_port=1\npublic_key={Peer.ToHex()}\nlast_handshake_time_sec=0\nlast_handshake_time_nsec=0\nerrno=0\n\n").Peers).LastHandshake);

    [Fact]
    public async Task Client_sends_one_request_per_connection_and_reports_an_errno()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wgt-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        var requests = new List<string>();
        var server = Task.Run(async () =>
        {
            foreach (var reply in new[] { "errno=0\n\n", "errno=-98\n\n", $"listen_port=7\nerrno=0\n\n" })
            {
                using var s = await listener.AcceptAsync();
                var buffer = new byte[4096];
                var text = new StringBuilder();
                while (!text.ToString().EndsWith("\n\n", StringComparison.Ordinal))
                {
                    text.Append(Encoding.ASCII.GetString(buffer, 0, await s.ReceiveAsync(buffer)));
                }

                requests.Add(text.ToString());
                await s.SendAsync(Encoding.ASCII.GetBytes(reply));
            }
        });
        try
        {
            var uapi = new WireGuardUapi(path, TimeSpan.FromSeconds(5));
            await uapi.SetAsync(new WireGuardSettings { ListenPort = 7 });
            var refused = await Assert.ThrowsAsync<WireGuardException>(() => uapi.SetAsync(new WireGuardSettings { ListenPort = 7 }));
            Assert.Contains("errno=-98", refused.Message, StringComparison.Ordinal);
            Assert.True(refused.PortInUse);
            Assert.Equal(7, (await uapi.GetAsync()).ListenPort);
            await server;
            Assert.Equal(["set=1\nlisten_port=7\n\n", "set=1\nlisten_port=7\n\n", "get=1\n\n"], requests);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Client_of_a_missing_socket_says_so()
    {
        var e = await Assert.ThrowsAsync<WireGuardException>(() => new WireGuardUapi("/nonexistent/wg.sock", TimeSpan.FromSeconds(1)).GetAsync());
        Assert.Contains("/nonexistent/wg.sock", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Socket_path_is_in_the_global_folder() =>
        Assert.Equal("/var/run/wireguard/nsm-wg1.sock", WireGuardUapi.SocketPathFor("nsm-wg1"));

    [Fact]
    public void Stale_logs_are_swept_but_not_those_of_running_or_just_started_devices()
    {
        var dir = Directory.CreateTempSubdirectory("wgt-logs-").FullName;
        try
        {
            var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
            foreach (var name in new[] { "gone", "running", "starting" })
            {
                File.WriteAllText(Path.Combine(dir, name + ".log"), "x");
                File.SetLastWriteTimeUtc(Path.Combine(dir, name + ".log"), clock.GetUtcNow().UtcDateTime - (name == "starting" ? TimeSpan.FromSeconds(5) : TimeSpan.FromMinutes(10)));
            }

            File.WriteAllText(Path.Combine(dir, "running.sock"), string.Empty);
            WireGuardGoProcess.SweepStaleLogs(dir, TimeSpan.FromMinutes(1), clock);
            Assert.Equal(["running.log", "running.sock", "starting.log"], Directory.EnumerateFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            WireGuardGoProcess.SweepStaleLogs(Path.Combine(dir, "absent"), TimeSpan.FromMinutes(1), clock);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
