using Nsm.Api.NetworkService;
using Nsm.RealVpp.Checks.Support;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.RealVpp.Checks;

/// <summary>
/// memif to memif through the VPP forwarder, three real VPPs: the NSC's (in its pod), the forwarder's, and the NSE's (in
/// its pod). The forwarder serves a master memif in the NSC's namespace and connects as slave to the NSE's master in the
/// NSE's namespace; the two pods' VPPs ping each other across it.
/// </summary>
public sealed class MemifChecks
{
    [RealVppFact]
    public Task Memif_to_memif_through_the_forwarder_ethernet() => RunAsync("ETHERNET");

    [RealVppFact]
    public Task Memif_to_memif_through_the_forwarder_ip() => RunAsync("IP");

    private static async Task RunAsync(string payload)
    {
        await using var pods = new Pods();
        var nscPod = await pods.NewAsync();
        var nsePod = await pods.NewAsync();
        await using var forwarderVpp = await Support.RealVpp.StartAsync();
        await using var nscVpp = await Support.RealVpp.StartAsync(nscPod.DisplayName);
        await using var nseVpp = await Support.RealVpp.StartAsync(nsePod.DisplayName);
        var nseSocket = "nse-memif-" + Guid.NewGuid().ToString("N")[..6];
        var mode = payload == "IP" ? " mode ip" : string.Empty;
        await ConfigureAsync(nseVpp, "abstract:" + nseSocket, "master" + mode, "172.16.1.100/31");
        var endpoint = new MemifNse("@" + nseSocket, "file://" + nsePod.Path);
        var forwarder = VppForwarderHarness.Chain(forwarderVpp.Client, "10.0.2.1", endpoint);
        var context = VppForwarderHarness.NewContext("memif");
        var request = new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = "memif-1",
                NetworkService = "memif2memif",
                Payload = payload,
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/31" }, DstIpAddrs = { "172.16.1.100/31" } } },
            },
            MechanismPreferences = { MemifMechanism.NewAbstract(nscPod.Path) },
        };

        Connection connection;
        try
        {
            connection = await forwarder.RequestAsync(request, context);
        }
        catch (NsmStatusException e)
        {
            throw new InvalidOperationException(e.Message + "\n" + await forwarderVpp.CliAsync("show memif") + await File.ReadAllTextAsync(System.IO.Path.Combine(forwarderVpp.Directory, "vpp.log")), e);
        }

        var nscMemif = MemifMechanism.ToMechanism(connection.Mechanism)!;
        Assert.StartsWith("@", nscMemif.SocketFilename, StringComparison.Ordinal);
        await ConfigureAsync(nscVpp, "abstract:" + nscMemif.SocketFilename[1..], "slave" + mode, "172.16.1.101/31");
        var replies = 0;
        for (var attempt = 0; attempt < 10 && replies == 0; attempt++)
        {
            var output = await nscVpp.CliAsync("ping 172.16.1.100 repeat 3 interval 0.2");
            replies = output.Split('\n').Count(l => l.Contains("bytes from 172.16.1.100", StringComparison.Ordinal));
        }

        Assert.True(replies > 0, "the NSC's VPP got no ping reply from the NSE's VPP: " + await forwarderVpp.CliAsync("show memif"));

        await forwarder.CloseAsync(connection, context);

        Assert.DoesNotContain("memif", await forwarderVpp.CliAsync("show interface"), StringComparison.Ordinal);
        Assert.Equal(1, endpoint.Closes);
    }

    private static async Task ConfigureAsync(Support.RealVpp vpp, string socket, string role, string address)
    {
        await vpp.CliAsync($"create memif socket id 1 filename {socket}");
        await vpp.CliAsync($"create interface memif id 0 socket-id 1 {role}");
        await vpp.CliAsync($"set interface ip address memif1/0 {address}");
        await vpp.CliAsync("set interface state memif1/0 up");
    }

    /// <summary>An NSE whose VPP serves a master memif on <paramref name="socketFile"/> in its own namespace.</summary>
    private sealed class MemifNse(string socketFile, string netNSUrl) : NetworkServiceHandler
    {
        public int Closes { get; private set; }

        public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
        {
            var answer = request.Connection.Clone();
            answer.Mechanism = request.MechanismPreferences.First(m => m.Type == MemifMechanism.MechanismType).Clone();
            var memif = MemifMechanism.ToMechanism(answer.Mechanism)!;
            memif.SocketFilename = socketFile;
            memif.NetNSUrl = netNSUrl;
            return new(answer);
        }

        public override ValueTask CloseAsync(Connection connection, NsmContext context)
        {
            Closes++;
            return default;
        }
    }
}
