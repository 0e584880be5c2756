using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Builds a container's environment as the kubelet would (envFrom ConfigMaps, then env in order with <c>$(VAR)</c>
/// expansion, <c>valueFrom.fieldRef</c> and <c>configMapKeyRef</c>), then maps it onto this machine: paths under the
/// container's mountPaths become where those volumes are (<see cref="PodVolumes"/>), the hostPath
/// <c>/var/lib/networkservicemesh</c> becomes the mesh folder, Service names in URLs (<c>registry:5002</c>) become the
/// Service's socket, and our programs get their socket and defaults (name, nsmgr URL, labels from the pod's). Every
/// container gets the mesh's Workload API as <c>SPIFFE_ENDPOINT_SOCKET</c> (<see cref="Secure"/>), or with
/// <c>up --insecure</c> <c>NSM_INSECURE=true</c>.
/// </summary>
internal static partial class ContainerEnv
{
    public const string HostMeshPath = "/var/lib/networkservicemesh";

    /// <summary>nsmgr's TCP port on a node address (upstream's <c>tcp://:5001</c>).</summary>
    public const int NsmgrPort = 5001;

    /// <summary>The Workload API address variable (go-spiffe's).</summary>
    public const string SpiffeSocketVariable = Nsm.Sdk.Spiffe.WorkloadApiAddress.SocketVariable;

    /// <summary>The programs' plaintext opt-in.</summary>
    public const string InsecureVariable = Nsm.Sdk.Hosting.Spiffe.NsmTransportSecurity.InsecureVariable;

    /// <summary>What the environment is built from.</summary>
    /// <param name="ConfigMap">Finds a ConfigMap's data by namespace and name.</param>
    /// <param name="ResolveService">Finds the socket of a Service named in a URL host (from the pod's namespace), or null.</param>
    /// <param name="WorkloadApiSocket">The mesh's Workload API socket, or null when the mesh runs plaintext (<c>up --insecure</c>).</param>
    internal sealed record Context(StateLayout Layout, Func<string, string, IReadOnlyDictionary<string, string>?> ConfigMap, Func<string, string, string?> ResolveService, string? WorkloadApiSocket);

    public static Dictionary<string, string> Build(PodInstance pod, JsonObject container, ProgramRole? program, string? listenSocket, IReadOnlyList<VolumeMount> mounts, Context context, List<string> warnings)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in Json.Objects(container["envFrom"]))
        {
            var name = Json.String(from["configMapRef"]?["name"]) ?? "";
            if (context.ConfigMap(pod.Namespace, name) is { } data)
            {
                var prefix = Json.String(from["prefix"]) ?? "";
                foreach (var (k, v) in data)
                {
                    env[prefix + k] = v;
                }
            }
            else if (!Json.Bool(from["configMapRef"]?["optional"]))
            {
                warnings.Add($"configmap \"{name}\" not found");
            }
        }

        foreach (var e in Json.Objects(container["env"]))
        {
            var name = Json.String(e["name"]) ?? "";
            if (Json.String(e["value"]) is { } value)
            {
                env[name] = Expand(value, env);
            }
            else if (e["valueFrom"]?["fieldRef"] is JsonObject field)
            {
                env[name] = Field(pod, Json.String(field["fieldPath"]) ?? "");
            }
            else if (e["valueFrom"]?["configMapKeyRef"] is JsonObject cm)
            {
                var cmName = Json.String(cm["name"]) ?? "";
                var key = Json.String(cm["key"]) ?? "";
                if (context.ConfigMap(pod.Namespace, cmName) is { } data && data.TryGetValue(key, out var v))
                {
                    env[name] = v;
                }
                else if (!Json.Bool(cm["optional"]))
                {
                    warnings.Add($"configmap \"{cmName}\" key \"{key}\" not found (env {name})");
                }
            }
            else
            {
                env[name] = "";
            }
        }

        var mesh = pod.Node?.Mesh ?? context.Layout.Mesh;
        var nsmgrSocket = pod.Node?.NsmgrSocket ?? context.Layout.NsmgrSocket;
        foreach (var key in env.Keys.ToList())
        {
            env[key] = MapUrls(PodVolumes.Rewrite(env[key], mounts).Replace(HostMeshPath, mesh, StringComparison.Ordinal), pod.Namespace, context.ResolveService);
        }

        Secure(env, context.WorkloadApiSocket);

        if (program is null)
        {
            return env;
        }

        if (!env.ContainsKey("NSM_NAME"))
        {
            env["NSM_NAME"] = pod.Name;
        }

        if (program == ProgramRole.Nsmgr)
        {
            // On a node of its own (up --nodes N) nsmgr also serves on TCP, as upstream's DaemonSet: its public URL
            // (what the registry gives other nsmgrs for the NSEs registered through it) is then its node address.
            env["NSM_LISTEN_ON"] = "unix://" + nsmgrSocket + (pod.Node?.Address is not null ? ",tcp://:" + NsmgrPort : "");
        }
        else if (listenSocket is not null)
        {
            env["NSM_LISTEN_ON"] = "unix://" + listenSocket;
        }

        if (program != ProgramRole.Registry && program != ProgramRole.Nsmgr && !env.ContainsKey("NSM_CONNECT_TO"))
        {
            env["NSM_CONNECT_TO"] = "unix://" + nsmgrSocket;
        }

        // A forwarder that mounts the ConfigMap reads it itself; one that does not (e.g. upstream's DaemonSet) gets its MTU as NSM_MTU.
        if (program == ProgramRole.ForwarderKernel && !env.ContainsKey("NSM_MTU") && !PodVolumes.Uses(pod, ForwarderConfig.Name) && ForwarderConfig.Mtu(context.ConfigMap) is { } mtu)
        {
            env["NSM_MTU"] = mtu;
        }

        // On this machine's own network (no node namespace) VPP takes no link: a single node has no remote peer, and the
        // machine's uplink is not the mesh's to give to VPP.
        if (program == ProgramRole.ForwarderVpp && pod.Node?.Address is null && !env.ContainsKey("NSM_VPP_INIT"))
        {
            env["NSM_VPP_INIT"] = "NONE";
        }

        if ((program.IsEndpoint || program == ProgramRole.Nsc) && !env.ContainsKey("NSM_LABELS") && pod.Labels.Count > 0)
        {
            env["NSM_LABELS"] = string.Join(',', pod.Labels.Where(kv => kv.Key != "pod-template-hash").Select(kv => kv.Key + "=" + kv.Value));
        }

        return env;
    }

    /// <summary>
    /// The mesh's security for a container: <c>SPIFFE_ENDPOINT_SOCKET</c> is the mesh's Workload API, also when the
    /// manifest names a unix socket of its own (upstream's <c>unix:///run/spire/sockets/agent.sock</c>, the SPIFFE CSI
    /// driver's <c>unix:///spiffe-workload-api/spire-agent.sock</c>): the supervisor is this machine's one SPIRE agent; a
    /// <c>tcp://</c> address stays. Without a Workload API (<paramref name="workloadApiSocket"/> null) the container gets
    /// <c>NSM_INSECURE=true</c> and no <c>SPIFFE_ENDPOINT_SOCKET</c>.
    /// </summary>
    public static void Secure(Dictionary<string, string> env, string? workloadApiSocket)
    {
        if (workloadApiSocket is null)
        {
            env.Remove(SpiffeSocketVariable);
            env[InsecureVariable] = "true";
        }
        else if (!env.TryGetValue(SpiffeSocketVariable, out var named) || named.Length == 0 || named.StartsWith("unix:", StringComparison.Ordinal))
        {
            env[SpiffeSocketVariable] = "unix://" + workloadApiSocket;
        }
    }

    /// <summary>Kubernetes' <c>$(VAR)</c> expansion against the variables defined before (unknown ones stay; <c>$$</c> escapes).</summary>
    public static string Expand(string value, IReadOnlyDictionary<string, string> defined) =>
        VarRef().Replace(value, m => m.Value.StartsWith("$$", StringComparison.Ordinal) ? m.Value[1..] : defined.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    public static string Field(PodInstance pod, string path) => path switch
    {
        "metadata.name" => pod.Name,
        "metadata.namespace" => pod.Namespace,
        "metadata.uid" => pod.Namespace + "-" + pod.Name,
        "spec.nodeName" => pod.Node?.Name ?? "",
        "spec.serviceAccountName" => Json.String(pod.Spec["serviceAccountName"]) ?? "default",
        "status.hostIP" => pod.Node?.Address?.ToString() ?? "127.0.0.1",
        "status.podIP" => (pod.HostNetwork ? pod.Node?.Address?.ToString() ?? Nsm.Sdk.Core.HostAddresses.FirstNonLoopbackIPv4()?.ToString() : null) ?? "127.0.0.1",
        _ when path.StartsWith("metadata.labels['", StringComparison.Ordinal) => pod.Labels.GetValueOrDefault(path[17..^2]) ?? "",
        _ when path.StartsWith("metadata.annotations['", StringComparison.Ordinal) => pod.Annotations.GetValueOrDefault(path[22..^2]) ?? "",
        _ => "",
    };

    /// <summary>Replaces <c>service:port</c> and <c>tcp://service:port</c> items of a (comma-separated) value by the Service's socket.</summary>
    public static string MapUrls(string value, string ns, Func<string, string, string?> resolve)
    {
        if (!value.Contains(':', StringComparison.Ordinal))
        {
            return value;
        }

        var items = value.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            var m = HostPort().Match(items[i].Trim());
            if (m.Success && resolve(m.Groups["host"].Value, ns) is { } socket)
            {
                items[i] = "unix://" + socket;
            }
        }

        return string.Join(',', items);
    }

    [GeneratedRegex(@"\$?\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex VarRef();

    [GeneratedRegex(@"^(?:(?:tcp|grpc|dns|http)://)?(?<host>[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*):(?<port>[0-9]{1,5})$")]
    private static partial Regex HostPort();
}
