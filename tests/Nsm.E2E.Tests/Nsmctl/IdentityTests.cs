using System.Text.Json.Nodes;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// nsmctl's development identities: <c>up</c> runs the mesh's Workload API, every container gets it as
/// <c>SPIFFE_ENDPOINT_SOCKET</c>, a pod's process gets <c>spiffe://nsm.local/ns/&lt;ns&gt;/pod/&lt;pod&gt;</c> and nobody else
/// gets one, <c>down</c> removes the socket; <c>up --insecure</c> runs none and says so.
/// </summary>
public sealed class IdentityTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: alpine
        spec:
          containers:
          - name: alpine
            image: alpine:3.19
        """;

    [RootFact]
    public async Task Every_pod_gets_its_spiffe_id_from_the_mesh_workload_api_and_down_removes_the_socket()
    {
        await using var nsmctl = new Nsmctl(programs);
        var up = await nsmctl.OkAsync("up");
        Assert.Contains("identities spiffe://nsm.local", up, StringComparison.Ordinal);
        var socket = Path.Combine(nsmctl.State, "spire", "agent.sock");
        Assert.True(File.Exists(socket), nsmctl.Diagnostics());

        // A control-plane program nsmctl runs from its own manifests: its env names the socket, describe its identity.
        var (registry, pid) = await ContainerAsync(nsmctl, "registry");
        Assert.Contains("SPIFFE_ENDPOINT_SOCKET=unix://" + socket, Environ(pid));
        Assert.Contains($"spiffe://nsm.local/ns/nsm-system/pod/{registry}", await nsmctl.OkAsync("describe", "pod", registry, "-n", "nsm-system"), StringComparison.Ordinal);

        // A process in a pod (as kubectl exec runs one in the container) gets the pod's SVID; a process outside none.
        await nsmctl.RunWithInputAsync(Pod, "apply", "-f", "-");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "alpine", "--timeout=1m");
        var svid = await nsmctl.OkAsync("exec", "alpine", "--", "dotnet", nsmctl.Dll, "--state", nsmctl.State, "svid");
        Assert.StartsWith("spiffe://nsm.local/ns/default/pod/alpine (valid until ", svid, StringComparison.Ordinal);
        var (code, _, error) = await nsmctl.RunAsync("svid");
        Assert.Equal(1, code);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);

        await nsmctl.OkAsync("down");
        Assert.False(File.Exists(socket));
        Assert.False(Directory.Exists(Path.Combine(nsmctl.State, "spire")));
    }

    [RootFact]
    public async Task One_workload_api_serves_every_node_of_a_multi_node_mesh()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("up", "--nodes", "2", "--node-network", "10.213.47.0/24");
        var socket = Path.Combine(nsmctl.State, "spire", "agent.sock");

        // worker-2's nsmgr runs in worker-2's namespace (hostNetwork), a pod there in its own: both reach the one socket.
        var nsmgr = JsonNode.Parse(await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "-l", "app=nsmgr", "--field-selector", "spec.nodeName==worker-2", "-o", "json"))!["items"]![0]!;
        Assert.Contains("SPIFFE_ENDPOINT_SOCKET=unix://" + socket, Environ(nsmgr["status"]!["containerStatuses"]![0]!["pid"]!.GetValue<int>()));
        await nsmctl.RunWithInputAsync(Pod + "\n  nodeName: worker-2\n", "apply", "-f", "-");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "alpine", "--timeout=1m");
        var svid = await nsmctl.OkAsync("exec", "alpine", "--", "dotnet", nsmctl.Dll, "--state", nsmctl.State, "svid");
        Assert.StartsWith("spiffe://nsm.local/ns/default/pod/alpine ", svid, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task Up_insecure_warns_runs_no_workload_api_and_gives_every_container_the_plaintext_opt_in()
    {
        await using var nsmctl = new Nsmctl(programs);
        var (code, output, error) = await nsmctl.RunAsync("up", "--insecure");
        Assert.True(code == 0, $"{output}\n{error}\n{nsmctl.Diagnostics()}");
        Assert.Contains("WARNING: --insecure", error, StringComparison.Ordinal);
        Assert.Contains("identities insecure", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(nsmctl.State, "spire")));

        var (registry, pid) = await ContainerAsync(nsmctl, "registry");
        var env = Environ(pid);
        Assert.Contains("NSM_INSECURE=true", env);
        Assert.DoesNotContain(env, e => e.StartsWith("SPIFFE_ENDPOINT_SOCKET=", StringComparison.Ordinal));
        Assert.Contains("SPIFFE ID:    <none>", await nsmctl.OkAsync("describe", "pod", registry, "-n", "nsm-system"), StringComparison.Ordinal);

        // The running mesh is insecure: asking for a secure one is refused until down.
        var (again, _, refused) = await nsmctl.RunAsync("up", "--trust-domain", "k8s.nsm");
        Assert.Equal(1, again);
        Assert.Contains("runs insecure, not spiffe://k8s.nsm", refused, StringComparison.Ordinal);
    }

    /// <summary>The name and process id of the first nsm-system pod named <paramref name="prefix"/>….</summary>
    private static async Task<(string Name, int Pid)> ContainerAsync(Nsmctl nsmctl, string prefix)
    {
        var pods = JsonNode.Parse(await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "-o", "json"))!["items"]!.AsArray();
        var pod = pods.First(p => p!["metadata"]!["name"]!.GetValue<string>().StartsWith(prefix + "-", StringComparison.Ordinal))!;
        return (pod["metadata"]!["name"]!.GetValue<string>(), pod["status"]!["containerStatuses"]![0]!["pid"]!.GetValue<int>());
    }

    private static string[] Environ(int pid) => File.ReadAllText($"/proc/{pid}/environ").Split('\0');
}
