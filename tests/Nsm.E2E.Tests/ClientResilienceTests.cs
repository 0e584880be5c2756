using System.Diagnostics;
using Xunit.Abstractions;

namespace Nsm.E2E.Tests;

/// <summary>
/// The client program keeps its connection: the data plane cut by hand is detected by the liveness check and
/// rebuilt; a control-plane loss with a working data plane is restored without touching <c>nsm-1</c>; a client
/// started before any endpoint exists keeps retrying; a path that drops ICMP does not make it reselect.
/// </summary>
[Collection("mesh")]
public sealed class ClientResilienceTests(ProgramsFixture programs, ITestOutputHelper output) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task DataPlaneCut_IsDetectedByLiveness_AndRepaired()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        var nsc = await mesh.StartClientAsync(nscNs, "nsc");
        Assert.True(Mesh.Ping(nscNs, "10.100.1.1", count: 1), "first ping failed\n" + mesh.Logs());

        // Cut the data plane by hand: delete the endpoint's end of the veth pair (the client's nsm-1 goes with it).
        var veth = Mesh.RunTool("ip", $"-n {nseNs} -o link show type veth", TimeSpan.FromSeconds(10)).Split(':')[1].Trim().Split('@')[0];
        var watch = Stopwatch.StartNew();
        Mesh.RunTool("ip", $"-n {nseNs} link del {veth}", TimeSpan.FromSeconds(10));
        await Mesh.WaitForOutputAsync(nsc, "data plane of connection", TimeSpan.FromSeconds(5));
        var detected = watch.Elapsed;
        Assert.True(await Mesh.PingEventuallyAsync(nscNs, "10.100.1.1", TimeSpan.FromSeconds(30)), "the client did not repair the data plane\n" + mesh.Logs());
        output.WriteLine($"data plane cut: detected in {detected.TotalMilliseconds:F0} ms, ping works again after {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(detected < TimeSpan.FromSeconds(3), $"detection took {detected}\n{nsc.Output}");
    }

    [RootFact]
    public async Task NsmgrRestart_WithWorkingDataPlane_KeepsNsm1()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        var nsc = await mesh.StartClientAsync(nscNs, "nsc");
        Assert.True(Mesh.Ping(nscNs, "10.100.1.1", count: 1), "first ping failed\n" + mesh.Logs());
        var index = Mesh.LinkIndex(nscNs, "nsm-1");

        var watch = Stopwatch.StartNew();
        mesh.Nsmgr!.Kill();
        await mesh.StartNsmgrAsync();
        await Mesh.WaitAsync("the client's heal", () => nsc.Output.Contains("re-established", StringComparison.Ordinal) || nsc.Output.Contains("healed after", StringComparison.Ordinal), TimeSpan.FromSeconds(30))
            .ContinueWith(t => Assert.True(t.IsCompletedSuccessfully, "the client did not heal\n" + mesh.Logs()), TaskScheduler.Default);
        output.WriteLine($"nsmgr killed and restarted: connection restored after {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(Mesh.Ping(nscNs, "10.100.1.1", count: 1), "ping failed after the restore\n" + mesh.Logs());
        Assert.Equal(index, Mesh.LinkIndex(nscNs, "nsm-1"));
        Assert.False(nsc.Output.Contains("to reselect connection", StringComparison.Ordinal), "the client reselected\n" + nsc.Output);
    }

    [RootFact]
    public async Task ClientStartedBeforeEndpoint_KeepsRetrying_AndConnects()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        var nsc = mesh.StartClient(nscNs, "nsc", "kernel://icmp-responder/nsm-1", ("NSM_REQUEST_TIMEOUT", "2s"));
        await Mesh.WaitForOutputAsync(nsc, "(attempt 3)", TimeSpan.FromSeconds(30));
        Assert.False(nsc.Process.HasExited, "the client exited on failed Requests\n" + nsc.Output);

        await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        await Mesh.WaitForOutputAsync(nsc, "connected to", TimeSpan.FromSeconds(30));
        Assert.True(await Mesh.PingEventuallyAsync(nscNs, "10.100.1.1", TimeSpan.FromSeconds(10)), "ping failed\n" + mesh.Logs());
    }

    [RootFact]
    public async Task PathDroppingIcmp_DoesNotMakeTheClientReselect()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        await mesh.StartEndpointAsync(nseNs, "icmp-responder");

        // The endpoint's namespace drops every ICMP packet it receives (ARP still passes, as through an IP ACL).
        Mesh.RunTool("ip", $"netns exec {nseNs} nft add table inet nsme2e", TimeSpan.FromSeconds(10));
        Mesh.RunTool("ip", $"netns exec {nseNs} nft add chain inet nsme2e in {{ type filter hook input priority 0 ; policy accept ; }}", TimeSpan.FromSeconds(10));
        Mesh.RunTool("ip", $"netns exec {nseNs} nft add rule inet nsme2e in meta l4proto icmp drop", TimeSpan.FromSeconds(10));
        var nsc = await mesh.StartClientAsync(nscNs, "nsc");
        var index = Mesh.LinkIndex(nscNs, "nsm-1");
        Assert.False(Mesh.Ping(nscNs, "10.100.1.1", count: 1), "ICMP was expected to be dropped");

        // Fifteen probe intervals (200 ms) without an echo reply: no heal, the same interface.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(nsc.Output.Contains("the path may drop ICMP", StringComparison.Ordinal), "no word of the ICMP-dropping path\n" + nsc.Output);
        Assert.False(nsc.Output.Contains("heal: attempt", StringComparison.Ordinal), "the client healed a working connection\n" + nsc.Output);
        Assert.Equal(index, Mesh.LinkIndex(nscNs, "nsm-1"));
    }
}
