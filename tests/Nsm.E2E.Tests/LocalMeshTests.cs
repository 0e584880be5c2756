namespace Nsm.E2E.Tests;

/// <summary>
/// The local kernel mesh as real processes: registry, nsmgr, forwarder-kernel in the host namespace; the ICMP
/// responder and the clients in their own namespaces (ip netns exec). Traffic stays between the test's namespaces.
/// </summary>
[Collection("mesh")]
public sealed class LocalMeshTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private static readonly TimeSpan Stop = TimeSpan.FromSeconds(15);

    [RootFact]
    public async Task Client_GetsNsm1_AndPingsEndpoint_AndStopRemovesBothEnds()
    {
        var mesh = new Mesh(programs);
        await using (mesh)
        {
            var nseNs = mesh.AddNamespace("nse");
            var nscNs = mesh.AddNamespace("nsc");
            await mesh.StartControlPlaneAsync();
            await mesh.StartEndpointAsync(nseNs, "icmp-responder");
            var nsc = await mesh.StartClientAsync(nscNs, "nsc");

            var addresses = Mesh.Addresses(nscNs, "nsm-1");
            Assert.Contains("10.100.1.", addresses, StringComparison.Ordinal);
            Assert.Contains("/24", addresses, StringComparison.Ordinal);
            Assert.True(Mesh.Ping(nscNs, "10.100.1.1"), "ping 10.100.1.1 from the client failed\n" + mesh.Logs());
            Assert.Contains("10.100.1.1/24", Mesh.Links(nseNs) + Mesh.TryTool("ip", $"-n {nseNs} -4 -o addr", TimeSpan.FromSeconds(5)).Output, StringComparison.Ordinal);

            await nsc.StopAsync(Stop);
            await Mesh.WaitAsync("nsm-1 removed from the client", () => !Mesh.Links(nscNs).Contains("nsm-1", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            await Mesh.WaitAsync("the endpoint's end removed", () => !Mesh.Links(nseNs).Contains("veth", StringComparison.Ordinal) && !Mesh.Links(nseNs).Contains("icmp-respo", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

            // Both ends gone is the proof of the Close; the log line may miss a loaded machine's 1.5 s clean-up budget.
            Assert.True(nsc.Output.Contains("stopping nsc", StringComparison.Ordinal), "the client did not log its stop\n" + nsc.Output);
        }

        Assert.False(Directory.Exists(mesh.Dir));
    }

    [RootFact]
    public async Task TwoClients_GetDistinctAddresses_AndBothPing()
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var ns1 = mesh.AddNamespace("c1");
        var ns2 = mesh.AddNamespace("c2");
        await mesh.StartControlPlaneAsync();
        await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        var clients = await Task.WhenAll(mesh.StartClientAsync(ns1, "nsc-a"), mesh.StartClientAsync(ns2, "nsc-b"));

        var a1 = Mesh.Addresses(ns1, "nsm-1");
        var a2 = Mesh.Addresses(ns2, "nsm-1");
        var ip1 = System.Text.RegularExpressions.Regex.Match(a1, @"inet (10\.100\.1\.\d+)/24").Groups[1].Value;
        var ip2 = System.Text.RegularExpressions.Regex.Match(a2, @"inet (10\.100\.1\.\d+)/24").Groups[1].Value;
        Assert.NotEmpty(ip1);
        Assert.NotEmpty(ip2);
        Assert.NotEqual(ip1, ip2);
        Assert.True(Mesh.Ping(ns1, "10.100.1.1"), "client 1 ping failed\n" + mesh.Logs());
        Assert.True(Mesh.Ping(ns2, "10.100.1.1"), "client 2 ping failed\n" + mesh.Logs());

        await clients[0].StopAsync(Stop);
        await Mesh.WaitAsync("client 1's nsm-1 removed", () => !Mesh.Links(ns1).Contains("nsm-1", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.True(Mesh.Ping(ns2, "10.100.1.1"), "client 2 lost its connection when client 1 left\n" + mesh.Logs());
    }

    /// <summary>The control-plane-only client (upstream's <c>client-cp</c>): the endpoint's loss is seen through the monitor stream.</summary>
    [RootFact]
    public Task EndpointReplaced_ClientHeals() => EndpointReplacedAsync(liveness: false);

    /// <summary>
    /// With the liveness check: the endpoint pod's namespace goes with it (the forwarder holds no namespace open), so
    /// the pair is gone, the data plane is down and heal reselects onto the new endpoint.
    /// </summary>
    [RootFact]
    public Task EndpointReplaced_ClientWithLiveness_Heals() => EndpointReplacedAsync(liveness: true);

    private async Task EndpointReplacedAsync(bool liveness)
    {
        await using var mesh = new Mesh(programs);
        var nseNs = mesh.AddNamespace("nse");
        var nscNs = mesh.AddNamespace("nsc");
        await mesh.StartControlPlaneAsync();
        var nse = await mesh.StartEndpointAsync(nseNs, "icmp-responder");
        await mesh.StartClientAsync(nscNs, "nsc", "kernel://icmp-responder/nsm-1", ("NSM_LIVENESS_CHECK_ENABLED", liveness ? "true" : "false"));
        Assert.True(Mesh.Ping(nscNs, "10.100.1.1"), "first ping failed\n" + mesh.Logs());

        // The endpoint pod dies: its process and its namespace (and with it the veth pair) are gone.
        nse.Kill();
        mesh.DeleteNamespace(nseNs);
        await Mesh.WaitAsync("nsm-1 gone with the endpoint pod", () => !Mesh.Links(nscNs).Contains("nsm-1", StringComparison.Ordinal), TimeSpan.FromSeconds(10))
            .ContinueWith(t => Assert.True(t.IsCompletedSuccessfully, "nsm-1 stayed after the endpoint pod died\n" + Mesh.Links(nscNs) + "\n" + mesh.Logs()), TaskScheduler.Default);

        var nse2Ns = mesh.AddNamespace("nse2");
        await mesh.StartEndpointAsync(nse2Ns, "icmp-responder-2");
        Assert.True(await Mesh.PingEventuallyAsync(nscNs, "10.100.1.1", TimeSpan.FromSeconds(60)), "the client did not heal onto the new endpoint\n" + mesh.Logs());
    }
}

[CollectionDefinition("mesh", DisableParallelization = true)]
public sealed class MeshTestGroup;
