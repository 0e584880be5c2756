using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Grpc.Core;
using Nsm.Api.Spiffe;
using Nsm.Cmd.Nsmctl.Supervisor;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;

namespace Nsm.Cmd.Tests;

/// <summary>nsmctl's development identities: which process is which pod, the Workload API it serves them from, and every container's security env.</summary>
public sealed class NsmctlIdentityTests
{
    private static readonly PodCallerResolver.PodRef Client = new("default", "client");

    [Fact]
    public void A_process_is_the_pod_of_the_container_process_it_is_or_descends_from()
    {
        var proc = Directory.CreateTempSubdirectory("nsmctl-proc-").FullName;
        try
        {
            // 100 (a supervisor) started 200 (a container), which forked 300; 400 is some other process.
            foreach (var (pid, parent) in new[] { (100, 1), (200, 100), (300, 200), (400, 1) })
            {
                Directory.CreateDirectory(Path.Combine(proc, Pid(pid)));
                File.WriteAllText(Path.Combine(proc, Pid(pid), "status"), $"Name:\tx\nState:\tS (sleeping)\nTgid:\t{pid}\nPPid:\t{parent}\n");
            }

            var resolver = new PodCallerResolver(proc);
            resolver.SetContainer(200, Client);
            Assert.Equal(Client, resolver.Find(200));
            Assert.Equal(Client, resolver.Find(300));
            Assert.Null(resolver.Find(100));
            Assert.Null(resolver.Find(400));
            Assert.Null(resolver.Find(500)); // gone
            Assert.Equal("spiffe://nsm.local/ns/default/pod/client", resolver.Resolve(new UnixPeerCredentials(300, 0, 0), "nsm.local")?.ToString());
            Assert.Null(resolver.Resolve(new UnixPeerCredentials(400, 0, 0), "nsm.local"));

            resolver.SetContainer(200, null); // exited: its pid may be someone else's next
            Assert.Null(resolver.Find(300));
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }

    [Fact]
    public async Task A_child_of_a_started_container_is_its_pod_and_an_unrelated_process_is_nobody()
    {
        var resolver = new PodCallerResolver();
        using var container = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 60 & wait"]))!;
        using var unrelated = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        try
        {
            resolver.SetContainer(container.Id, Client);
            var child = await ChildOfAsync(container.Id);
            Assert.Equal(Client, resolver.Find(child));
            Assert.Equal(Client, resolver.Find(container.Id));
            Assert.Null(resolver.Find(unrelated.Id));
            Assert.Null(resolver.Find(Environment.ProcessId));
        }
        finally
        {
            container.Kill(entireProcessTree: true);
            unrelated.Kill();
        }
    }

    [Fact]
    public async Task The_workload_api_gives_a_pods_process_its_pod_id_and_refuses_anyone_else()
    {
        var dir = Directory.CreateTempSubdirectory("nsmctl-spire-").FullName;
        try
        {
            var layout = new StateLayout(dir);
            var resolver = new PodCallerResolver();
            await using var server = await DevWorkloadApiServer.StartAsync(new DevWorkloadApiServerOptions { SocketPath = layout.WorkloadApiSocket, CallerResolver = resolver });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);

            // This test process is nobody's: no identity, as SPIRE's "no identity issued".
            using var channel = UnixGrpc.Channel(layout.WorkloadApiSocket);
            var api = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
            using (var call = api.FetchX509SVID(new X509SVIDRequest(), new Metadata { { WorkloadApiHeaders.SecurityHeaderKey, WorkloadApiHeaders.SecurityHeaderValue } }, cancellationToken: timeout.Token))
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(timeout.Token));
                Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            }

            // As a container process of default/client it gets the pod's SVID.
            resolver.SetContainer(Environment.ProcessId, Client);
            await using var source = await WorkloadX509Source.StartAsync(new WorkloadX509SourceOptions { Address = server.Address }, TimeProvider.System, null, timeout.Token);
            Assert.Equal("spiffe://nsm.local/ns/default/pod/client", source.Svid.Id.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Every_container_gets_the_mesh_workload_api_and_a_manifest_socket_is_mapped_onto_it()
    {
        var layout = new StateLayout("/run/nsm-test");
        var socket = "unix://" + layout.WorkloadApiSocket;

        // The guide's YAML names none.
        Assert.Equal(socket, Env(layout, layout.WorkloadApiSocket, "[]", "[]", "[]")[ContainerEnv.SpiffeSocketVariable]);

        // Upstream's hostPath agent socket folder.
        var upstream = Env(
            layout,
            layout.WorkloadApiSocket,
            """[{"name":"SPIFFE_ENDPOINT_SOCKET","value":"unix:///run/spire/sockets/agent.sock"}]""",
            """[{"name":"spire-agent-socket","mountPath":"/run/spire/sockets","readOnly":true}]""",
            """[{"name":"spire-agent-socket","hostPath":{"path":"/run/spire/sockets","type":"Directory"}}]""");
        Assert.Equal(socket, upstream[ContainerEnv.SpiffeSocketVariable]);
        Assert.False(upstream.ContainsKey(ContainerEnv.InsecureVariable));

        // The SPIFFE CSI driver's volume.
        var csi = Env(
            layout,
            layout.WorkloadApiSocket,
            """[{"name":"SPIFFE_ENDPOINT_SOCKET","value":"unix:///spiffe-workload-api/spire-agent.sock"}]""",
            """[{"name":"spiffe-workload-api","mountPath":"/spiffe-workload-api","readOnly":true}]""",
            """[{"name":"spiffe-workload-api","csi":{"driver":"csi.spiffe.io","readOnly":true}}]""");
        Assert.Equal(socket, csi[ContainerEnv.SpiffeSocketVariable]);

        // A TCP Workload API is somebody else's agent: it stays.
        Assert.Equal("tcp://127.0.0.1:8081", Env(layout, layout.WorkloadApiSocket, """[{"name":"SPIFFE_ENDPOINT_SOCKET","value":"tcp://127.0.0.1:8081"}]""", "[]", "[]")[ContainerEnv.SpiffeSocketVariable]);
    }

    [Fact]
    public void Spire_socket_volumes_are_the_workload_api_folder()
    {
        var layout = new StateLayout("/run/nsm-test");
        var pod = Pod(
            """[{"name":"a","mountPath":"/run/spire/sockets"},{"name":"b","mountPath":"/spiffe-workload-api"}]""",
            """[{"name":"a","hostPath":{"path":"/run/spire/sockets"}},{"name":"b","csi":{"driver":"csi.spiffe.io"}}]""");
        Assert.Equal(
            [new VolumeMount("/run/spire/sockets", layout.Spire), new VolumeMount("/spiffe-workload-api", layout.Spire)],
            PodVolumes.Mounts(pod, (JsonObject)pod.Spec["containers"]![0]!, layout));
    }

    [Fact]
    public void An_insecure_mesh_gives_every_container_the_plaintext_opt_in_and_no_workload_api()
    {
        var layout = new StateLayout("/run/nsm-test");
        var env = Env(layout, null, """[{"name":"SPIFFE_ENDPOINT_SOCKET","value":"unix:///run/spire/sockets/agent.sock"},{"name":"NSM_INSECURE","value":"false"}]""", "[]", "[]");
        Assert.Equal("true", env[ContainerEnv.InsecureVariable]);
        Assert.False(env.ContainsKey(ContainerEnv.SpiffeSocketVariable));
    }

    [Fact]
    public void Security_options_default_to_nsm_local_and_refuse_a_trust_domain_when_insecure()
    {
        Assert.Equal(("spiffe://nsm.local", false), (MeshSecurityOptions.Create(false, null).ToString(), MeshSecurityOptions.Create(false, null).Insecure));
        Assert.Empty(MeshSecurityOptions.Create(false, null).Arguments());
        Assert.Equal(["--trust-domain", "k8s.nsm"], MeshSecurityOptions.Create(false, "k8s.nsm").Arguments());
        Assert.Equal(["--insecure"], MeshSecurityOptions.Create(true, null).Arguments());
        Assert.Throws<Nsm.Cmd.Nsmctl.Manifests.ManifestException>(() => MeshSecurityOptions.Create(true, "k8s.nsm"));
        Assert.Throws<Nsm.Cmd.Nsmctl.Manifests.ManifestException>(() => MeshSecurityOptions.Create(false, "Not/A/Domain"));
    }

    private static Dictionary<string, string> Env(StateLayout layout, string? workloadApi, string env, string mounts, string volumes)
    {
        var pod = Pod(mounts, volumes, env);
        var container = (JsonObject)pod.Spec["containers"]![0]!;
        var context = new ContainerEnv.Context(layout, (_, _) => null, (_, _) => null, workloadApi);
        return ContainerEnv.Build(pod, container, ProgramRole.Nsc, null, PodVolumes.Mounts(pod, container, layout), context, []);
    }

    private static PodInstance Pod(string mounts, string volumes, string env = "[]") => new(
        "default",
        "client",
        (JsonObject)JsonNode.Parse($$$"""{"metadata":{"name":"client"},"spec":{"containers":[{"name":"c","image":"ghcr.io/networkservicemesh/cmd-nsc:v1.14.0","env":{{{env}}},"volumeMounts":{{{mounts}}}}],"volumes":{{{volumes}}}}}""")!,
        DateTimeOffset.UnixEpoch);

    /// <summary>The first child of <paramref name="pid"/>, once it has forked it.</summary>
    private static async Task<int> ChildOfAsync(int pid)
    {
        var children = $"/proc/{pid}/task/{pid}/children";
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..])
            {
                return int.Parse(first, CultureInfo.InvariantCulture);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        throw new TimeoutException($"process {pid} started no child");
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);
}
