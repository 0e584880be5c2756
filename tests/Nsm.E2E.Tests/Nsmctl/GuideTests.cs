namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The users' guide run as written (<c>examples/guide/</c> holds its YAML byte for byte): nsmctl applies the
/// section, then the guide's own checks run through nsmctl exec / get / describe / logs, and down leaves nothing.
/// </summary>
public sealed class GuideTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Simple_L3_then_monitoring_then_down_leaves_nothing()
    {
        var nsmctl = new Nsmctl(programs);
        string? id = null;
        int? pid = null;
        try
        {
            var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
            Assert.Contains("networkservice.networkservicemesh.io/isolated-network created", applied, StringComparison.Ordinal);
            Assert.Contains("deployment.apps/nse-isolated created", applied, StringComparison.Ordinal);
            Assert.Contains("pod/client created", applied, StringComparison.Ordinal);
            id = nsmctl.SupervisorId;
            pid = nsmctl.SupervisorPid;
            Assert.NotNull(id);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=120s");

            // The guide: "kubectl exec -it client -- sh", then "ip addr show" shows nsm-1 with 10.100.1.2/24, "ping 10.100.1.1".
            var addresses = await nsmctl.OkAsync("exec", "client", "--", "ip", "addr", "show");
            Assert.Contains("nsm-1", addresses, StringComparison.Ordinal);
            Assert.Contains("inet 10.100.1.2/24", addresses, StringComparison.Ordinal);
            await nsmctl.OkAsync("exec", "-it", "client", "--", "ping", "-c", "3", "-W", "2", "10.100.1.1");
            var (shellCode, shellOut, _) = await nsmctl.RunWithInputAsync("ip route show\nexit 7\n", "exec", "-it", "client", "--", "sh");
            Assert.Equal(7, shellCode);
            Assert.Contains("10.100.1.0/24 dev nsm-1", shellOut, StringComparison.Ordinal);

            // Monitoring and Troubleshooting, as the guide lists it.
            var system = await nsmctl.OkAsync("get", "pods", "-n", "nsm-system");
            Assert.Contains("nsmgr-", system, StringComparison.Ordinal);
            Assert.Contains("registry-", system, StringComparison.Ordinal);
            Assert.Contains("forwarder-kernel-", system, StringComparison.Ordinal);
            Assert.Contains("started", await nsmctl.OkAsync("logs", "-n", "nsm-system", "-l", "app=nsmgr", "--tail=-1"), StringComparison.Ordinal);
            Assert.Contains("started", await nsmctl.OkAsync("logs", "-n", "nsm-system", "-l", "app=nsm-registry", "--tail=-1"), StringComparison.Ordinal);
            Assert.Contains("isolated-network", await nsmctl.OkAsync("get", "networkservices"), StringComparison.Ordinal);
            Assert.Contains("destinationSelector", await nsmctl.OkAsync("describe", "networkservice", "isolated-network"), StringComparison.Ordinal);
            var endpoints = await nsmctl.OkAsync("get", "pods", "-l", "app=nse-isolated", "-o", "wide");
            Assert.Contains("nse-isolated-", endpoints, StringComparison.Ordinal);
            Assert.Contains("1/1", endpoints, StringComparison.Ordinal);
            Assert.Contains("10.100.1.0/24 dev nsm-1", await nsmctl.OkAsync("exec", "client", "--", "ip", "route", "show"), StringComparison.Ordinal);

            // NSM's own views: the connection, and the path hop by hop with both interfaces.
            var connections = await nsmctl.OkAsync("connections", "-o", "wide");
            Assert.Contains("isolated-network", connections, StringComparison.Ordinal);
            Assert.Contains("10.100.1.2/24", connections, StringComparison.Ordinal);
            var explained = await nsmctl.OkAsync("explain", "client");
            Assert.Contains("NSC", explained, StringComparison.Ordinal);
            Assert.Contains("forwarder", explained, StringComparison.Ordinal);
            Assert.Contains("Interface (client): nsm-1", explained, StringComparison.Ordinal);
            Assert.Contains("Interface (endpoint):", explained, StringComparison.Ordinal);
        }
        finally
        {
            var (code, output, error) = await nsmctl.RunAsync("down");
            Assert.True(code == 0, output + error);
        }

        Assert.False(Directory.Exists(nsmctl.State), "down removes the state folder");
        Assert.DoesNotContain(id!, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.False(File.Exists($"/proc/{pid}/status") && File.ReadAllText($"/proc/{pid}/status").Contains("nsmctl", StringComparison.Ordinal), "the supervisor stopped");
        Assert.DoesNotContain(nsmctl.State, Mesh.RunTool("ps", "-eo args", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }
}
