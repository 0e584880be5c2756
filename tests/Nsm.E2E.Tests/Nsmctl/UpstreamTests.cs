namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// Upstream's Kernel2Kernel example (deployments-k8s, rendered with kubectl kustomize, unchanged; kept in
/// <c>Nsmctl/data/</c>) with its README's checks: both pods ready, ping both ways with upstream's
/// point-to-point addresses (NSE 172.16.1.100, client 172.16.1.101), then <c>delete ns</c>.
/// </summary>
public sealed class UpstreamTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Kernel2Kernel_runs_from_its_rendered_manifests()
    {
        var manifest = Path.Combine(programs.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "kernel2kernel.yaml");
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", manifest);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=2m", "pod", "-l", "app=alpine", "-n", "ns-kernel2kernel");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nse-kernel", "-n", "ns-kernel2kernel");
        await nsmctl.OkAsync("exec", "pods/alpine", "-n", "ns-kernel2kernel", "--", "ping", "-c", "4", "-i", "0.2", "172.16.1.100");
        await nsmctl.OkAsync("exec", "deployments/nse-kernel", "-n", "ns-kernel2kernel", "--", "ping", "-c", "4", "-i", "0.2", "172.16.1.101");
        // Deleting a control-plane pod restarts it as its DaemonSet would; the connection heals.
        Assert.Contains("deleted", await nsmctl.OkAsync("delete", "pod", "-n", "nsm-system", "-l", "app=nsmgr"), StringComparison.Ordinal);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nsmgr", "-n", "nsm-system");
        await nsmctl.OkAsync("exec", "pods/alpine", "-n", "ns-kernel2kernel", "--", "ping", "-c", "2", "-W", "3", "172.16.1.100");
        Assert.Contains("namespace \"ns-kernel2kernel\" deleted", await nsmctl.OkAsync("delete", "ns", "ns-kernel2kernel"), StringComparison.Ordinal);
        var left = await nsmctl.OkAsync("get", "pods", "-A");
        Assert.DoesNotContain("ns-kernel2kernel", left, StringComparison.Ordinal);
        Assert.DoesNotContain(nsmctl.SupervisorId + "-ns-kernel2kernel", Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }
}
