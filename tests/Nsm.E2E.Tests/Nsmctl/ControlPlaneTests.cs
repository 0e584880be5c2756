namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// A control plane applied into nsm-system (upstream's shape: registry-k8s, nsmgr with its exclude-prefixes sidecar,
/// forwarder-vpp, the admission webhook) replaces the built-in one, runs with the stand-ins a single machine needs,
/// and carries the guide's Simple L3.
/// </summary>
public sealed class ControlPlaneTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Applied_control_plane_replaces_the_built_in_one_and_carries_Simple_L3()
    {
        await using var nsmctl = new Nsmctl(programs);
        var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data", "nsm-system.yaml"));
        Assert.Contains("daemonset.apps/forwarder-vpp created", applied, StringComparison.Ordinal);
        Assert.Contains("replaced (built-in)", applied, StringComparison.Ordinal);
        foreach (var app in new[] { "registry", "nsmgr", "forwarder-vpp", "admission-webhook-k8s" })
        {
            await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", $"app={app}", "-n", "nsm-system");
        }

        var system = await nsmctl.OkAsync("get", "pods", "-n", "nsm-system");
        Assert.Contains("registry-k8s-", system, StringComparison.Ordinal);
        Assert.Contains("forwarder-vpp-", system, StringComparison.Ordinal);
        Assert.Contains("2/2", system, StringComparison.Ordinal); // nsmgr and its inert exclude-prefixes sidecar
        Assert.DoesNotContain("forwarder-kernel-", system, StringComparison.Ordinal);

        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=2m");
        await nsmctl.OkAsync("exec", "client", "--", "ping", "-c", "2", "-W", "3", "10.100.1.1");
        Assert.Contains("forwarder-vpp-", await nsmctl.OkAsync("explain", "client"), StringComparison.Ordinal);
    }

    [RootFact]
    public async Task The_supervisor_does_not_need_the_folder_it_was_started_from()
    {
        await using var nsmctl = new Nsmctl(programs);
        var folder = Directory.CreateTempSubdirectory("nsmctl-cwd-").FullName;
        nsmctl.WorkingDirectory = folder;
        await nsmctl.OkAsync("up");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=registry", "-n", "nsm-system");
        var id = nsmctl.SupervisorId;
        Directory.Delete(folder); // e.g. a removed git worktree
        nsmctl.WorkingDirectory = null;
        await nsmctl.OkAsync("down");
        Assert.Empty(Directory.Exists("/run/netns") ? Directory.GetFiles("/run/netns", id + "-*") : []);
    }
}
