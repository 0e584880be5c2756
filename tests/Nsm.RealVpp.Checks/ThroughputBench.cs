using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nsm.Api.NetworkService;
using Nsm.RealVpp.Checks.Support;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Xunit.Abstractions;

namespace Nsm.RealVpp.Checks;

/// <summary>
/// Bench rows (scripts/real-vpp.sh --bench): iperf3 TCP from a kernel NSC to a kernel NSE through the VPP forwarder
/// (af_packet on veth pairs, l2 or l3 cross-connect) against the kernel forwarder's data path (one veth pair between the
/// two pods). 5 s per run, one stream, loopback-free: the traffic stays inside namespaces this bench made.
/// </summary>
public sealed class ThroughputBench(ITestOutputHelper output)
{
    private const int Seconds = 5;

    [RealVppFact]
    public async Task Kernel_to_kernel_throughput_vpp_forwarder_against_kernel_forwarder()
    {
        var rows = new List<(string Path, double Gbps)>();
        foreach (var payload in new[] { "ETHERNET", "IP" })
        {
            await using var vpp = await Support.RealVpp.StartAsync();
            await using var pods = new Pods();
            var nsc = await pods.NewAsync();
            var nse = await pods.NewAsync();
            var forwarder = VppForwarderHarness.Chain(vpp.Client, "10.0.2.1", new KernelNse("file://" + nse.Path));
            var context = VppForwarderHarness.NewContext("bench");
            var connection = await forwarder.RequestAsync(Request(nsc, payload), context);
            rows.Add(($"VPP forwarder ({(payload == "IP" ? "l3xc" : "l2 xconnect")}, MTU 9000)", await IperfAsync(nsc, nse)));
            await forwarder.CloseAsync(connection, context);
        }

        await using (var pods = new Pods())
        {
            var nsc = await pods.NewAsync();
            var nse = await pods.NewAsync();
            var config = new VethPairConfig(
                new VethEndConfig(nsc, "nsm-1") { Addresses = [NetlinkPrefix.Parse("172.16.1.101/31")] },
                new VethEndConfig(nse, "nsm-nse") { Addresses = [NetlinkPrefix.Parse("172.16.1.100/31")] },
                9000);
            await VethPairConfigurator.CreateAsync(config);
            rows.Add(("kernel forwarder (veth pair, MTU 9000)", await IperfAsync(nsc, nse)));
            await VethPairConfigurator.RemoveAsync(config);
        }

        foreach (var (path, gbps) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path,-45} {gbps,8:F2} Gbit/s"));
        }

        if (Environment.GetEnvironmentVariable("NSM_REAL_VPP_BENCH_JSON") is { Length: > 0 } json)
        {
            await File.WriteAllTextAsync(json, JsonSerializer.Serialize(rows.Select(r => new { path = r.Path, gbps = Math.Round(r.Gbps, 2) })));
        }

        Assert.All(rows, r => Assert.True(r.Gbps > 0, r.Path));
    }

    private static NetworkServiceRequest Request(NetNs nsc, string payload) => new()
    {
        Connection = new Connection
        {
            Id = "bench-" + payload,
            NetworkService = "bench",
            Payload = payload,
            Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "172.16.1.101/31" }, DstIpAddrs = { "172.16.1.100/31" } } },
        },
        MechanismPreferences = { KernelMechanism.New("file://" + nsc.Path) },
    };

    private static async Task<double> IperfAsync(NetNs client, NetNs server)
    {
        using var iperfServer = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", server.DisplayName, "iperf3", "-s", "-1", "-B", "172.16.1.100"]) { RedirectStandardOutput = true })!;
        await Task.Delay(500);
        var (exit, text) = await Pods.RunAsync("ip", "netns", "exec", client.DisplayName, "iperf3", "-c", "172.16.1.100", "-t", Seconds.ToString(CultureInfo.InvariantCulture), "-J");
        Assert.True(exit == 0, text);
        await iperfServer.WaitForExitAsync();
        using var doc = JsonDocument.Parse(text[text.IndexOf('{', StringComparison.Ordinal)..]);
        return doc.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e9;
    }
}
