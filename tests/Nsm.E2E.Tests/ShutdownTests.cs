using Xunit.Abstractions;

namespace Nsm.E2E.Tests;

/// <summary>
/// SIGTERM to every program: each one exits by itself within 10 s (each should take under 2 s; the times are
/// printed) after closing or unregistering what it owns, and leaves no interface or socket file behind.
/// </summary>
[Collection("mesh")]
public sealed class ShutdownTests(ProgramsFixture programs, ITestOutputHelper output) : IClassFixture<ProgramsFixture>
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(10);

    [RootFact]
    public async Task EveryProgram_ExitsSoonAfterSigterm_AndLeavesNothingBehind()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        var nse = await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        var nsc = await mesh.StartClientAsync(nscNs, "nsc");
        Assert.True(Mesh.Ping(nscNs, "10.100.1.1", count: 1), "ping failed\n" + mesh.Logs());

        // The client closes its connection: both ends of the pair go.
        await StopAsync(mesh, nsc);
        await Mesh.WaitAsync("nsm-1 removed from the client", () => Mesh.LinkIndex(nscNs, "nsm-1") == 0, TimeSpan.FromSeconds(10));
        await Mesh.WaitAsync("no veth left in the endpoint's namespace", () => !Mesh.Links(nseNs).Contains("veth", StringComparison.Ordinal) && !Mesh.Links(nseNs).Contains("icmp-respo", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        // Each program unregisters or stops serving and removes its socket file.
        await StopAsync(mesh, nse);
        await StopAsync(mesh, mesh.Forwarder!);
        await StopAsync(mesh, mesh.Nsmgr!);
        await StopAsync(mesh, mesh.Registry!);
        var left = Directory.GetFiles(mesh.Dir, "*.sock");
        Assert.True(left.Length == 0, "socket files left: " + string.Join(", ", left));
    }

    [RootFact]
    public async Task EndpointWithLiveConnection_AndClientWhileHealing_ExitSoonAfterSigterm()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        var nse = await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        var nsc = await mesh.StartClientAsync(nscNs, "nsc");

        // The endpoint goes with the connection live (the forwarder's monitor stream open on it): it used to wait
        // for the host's 30 s shutdown timeout.
        await StopAsync(mesh, nse);
        Assert.False(File.Exists(Path.Combine(mesh.Dir, "icmp-responder.sock")), "the endpoint left its socket file");

        // The client now heals towards an endpoint that is gone: stop must cancel that at once.
        await Mesh.WaitForOutputAsync(nsc, "heal: attempt", TimeSpan.FromSeconds(30));
        await StopAsync(mesh, nsc);
    }

    private async Task StopAsync(Mesh mesh, MeshProcess process)
    {
        var (elapsed, byItself) = await process.TerminateAsync(ExitLimit);
        output.WriteLine($"{process.Name}: exited {elapsed.TotalMilliseconds:F0} ms after SIGTERM{(byItself ? string.Empty : " (killed)")}");
        Assert.True(byItself, $"{process.Name} did not exit within {ExitLimit} of SIGTERM\n{mesh.Logs()}");
        Assert.True(process.Process.ExitCode == 0, $"{process.Name} exited with {process.Process.ExitCode}\n{process.Output}");
    }
}
