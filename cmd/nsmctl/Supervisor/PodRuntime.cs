using System.Diagnostics;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Shared;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Plays kubelet for every node's pods: makes each pod's network namespace (lo up), runs the containers whose
/// images are our programs with their environment, adds the NSC the <c>networkservicemesh.io</c> annotation asks for,
/// and tears all of it down again.
/// </summary>
internal sealed class PodRuntime(StateLayout layout, Ledger ledger, NetworkNamespaces namespaces, ProgramLocator programs, string prefix, TimeProvider time, Action<string> log)
{
    /// <summary>An annotation listing extra labels selection also matches (the built-in registry answers app=nsm-registry too).</summary>
    public const string LabelAliasesAnnotation = "nsmctl.io/label-aliases";

    /// <summary>The name of the injected NSC container, as the admission webhook names it.</summary>
    public const string NscContainer = "cmd-nsc";

    private readonly Dictionary<(string Ns, string Name), PodInstance> _pods = [];

    /// <summary>Gets the Workload API's view of the pods: their container processes and network namespaces.</summary>
    public PodCallerResolver Callers { get; init; } = new();

    /// <summary>Gets the trust domain of the pods' SPIFFE IDs, or null when the mesh runs without identities (<c>--insecure</c>).</summary>
    public string? TrustDomain { get; init; }

    public IEnumerable<PodInstance> Pods => _pods.Values.OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal);

    public PodInstance? Get(string ns, string name) => _pods.GetValueOrDefault((ns, name));

    /// <summary>Creates the pod: on its node, its containers started (in the background); else Pending with the scheduler's reason.</summary>
    public async Task<PodInstance> CreateAsync(JsonObject manifest, string? namespaceAnnotation, Scheduler.Placement placement, ContainerEnv.Context envContext, CancellationToken ct)
    {
        var meta = (JsonObject)manifest["metadata"]!;
        var ns = Json.String(meta["namespace"]) ?? "default";
        var name = Json.String(meta["name"]) ?? "";
        var pod = new PodInstance(ns, name, manifest, time.GetUtcNow());
        _pods[(ns, name)] = pod;
        if (placement.Node is not { } node)
        {
            pod.Unschedulable = placement.Reason;
            log($"pod {ns}/{name} is Pending: {placement.Reason}");
            return pod;
        }

        await BindAsync(pod, node, namespaceAnnotation, envContext, ct);
        return pod;
    }

    /// <summary>Runs a pod on <paramref name="node"/>: its network namespace (none with hostNetwork: the node's), volumes and containers.</summary>
    public async Task BindAsync(PodInstance pod, Node node, string? namespaceAnnotation, ContainerEnv.Context envContext, CancellationToken ct)
    {
        var (ns, name) = (pod.Namespace, pod.Name);
        pod.Node = node;
        pod.SpiffeId = TrustDomain is null ? null : PodCallerResolver.IdOf(TrustDomain, ns, name);
        pod.Unschedulable = null;
        Json.Obj(pod.Manifest, "spec")["nodeName"] = node.Name;
        Directory.CreateDirectory(layout.PodDir(ns, name));
        try
        {
            if (!pod.HostNetwork)
            {
                var netns = NetnsName(ns, name);
                await namespaces.CreateAsync(netns, ct);
                pod.NetworkNamespace = netns;
                Callers.AddNamespace(NetworkNamespaces.PathOf(netns), new(ns, name));
            }
        }
        catch (InvalidOperationException ex)
        {
            pod.Failure = ex.Message;
            log($"pod {ns}/{name}: {ex.Message}");
            return;
        }

        var volumeWarnings = PodVolumes.Sync(pod, layout, envContext.ConfigMap);
        foreach (var c in Json.Objects(pod.Spec["containers"]))
        {
            var logFile = layout.LogFile(ns, name, Json.String(c["name"]) ?? "");
            foreach (var w in volumeWarnings)
            {
                File.AppendAllText(logFile, "nsmctl: " + w + "\n");
            }

            pod.Containers.Add(StartContainer(pod, c, envContext, injected: false));
        }

        var annotation = pod.Annotations.GetValueOrDefault(NsmAnnotation.Key) ?? namespaceAnnotation;
        if (annotation is { Length: > 0 })
        {
            var nsc = new JsonObject
            {
                ["name"] = NscContainer,
                ["image"] = "ghcr.io/networkservicemesh/cmd-nsc",
                ["env"] = new JsonArray(new JsonObject { ["name"] = "NSM_NETWORK_SERVICES", ["value"] = annotation }),
            };
            pod.Containers.Add(StartContainer(pod, nsc, envContext, injected: true));
        }
    }

    private ContainerInstance StartContainer(PodInstance pod, JsonObject c, ContainerEnv.Context envContext, bool injected)
    {
        var name = Json.String(c["name"]) ?? "";
        var image = Json.String(c["image"]) ?? "";
        var match = ProgramCatalog.Find(image, () => VppPresence.IsAvailable(c, Environment.GetEnvironmentVariable("PATH")));
        var logFile = layout.LogFile(pod.Namespace, pod.Name, name);
        var mounts = PodVolumes.Mounts(pod, c, layout);
        var container = new ContainerInstance(name, image, match.Program) { Injected = injected, StartedAt = time.GetUtcNow(), Mounts = mounts };
        if (!match.IsNsmImage)
        {
            File.AppendAllText(logFile, $"nsmctl: image {image} is not run here (only NSM programs run); the pod is its network namespace {pod.RunNamespace ?? "(the node's)"}: use nsmctl exec\n");
            return container;
        }

        if (match.Program is null)
        {
            container.WaitingReason = "NoProgramForImage";
            container.Message = $"nsmctl has no program for {image}";
            File.AppendAllText(logFile, "nsmctl: " + container.Message + "\n");
            return container;
        }

        if (match.Warning is not null)
        {
            log($"pod {pod.Namespace}/{pod.Name} container {name}: {match.Warning}");
            File.AppendAllText(logFile, "nsmctl: " + match.Warning + "\n");
        }

        if (match.Program == ProgramRole.Inert)
        {
            return container;
        }

        if (programs.Find(match.Program, out var tried) is not { } command)
        {
            container.WaitingReason = "ProgramNotBuilt";
            container.Message = $"{match.Program.Binary} not found (looked in {tried}); build {match.Program.Source} or pass --programs";
            File.AppendAllText(logFile, "nsmctl: " + container.Message + "\n");
            return container;
        }

        if (match.Program.Listens && match.Program != ProgramRole.Nsmgr)
        {
            container.ListenSocket = ListenSocketPath(pod.Node!.Mesh, pod.Namespace, pod.Name, name);
        }
        else if (match.Program == ProgramRole.Nsmgr)
        {
            container.ListenSocket = pod.Node!.NsmgrSocket;
        }

        // The environment is fixed when the container is made (as on Kubernetes); restarts reuse it.
        var warnings = new List<string>();
        var env = ContainerEnv.Build(pod, c, match.Program, container.ListenSocket, mounts, envContext, warnings);
        foreach (var w in warnings)
        {
            File.AppendAllText(logFile, "nsmctl: " + w + "\n");
        }

        var owner = new PodCallerResolver.PodRef(pod.Namespace, pod.Name);
        container.Process = new ManagedProcess(
            () => StartInfo(pod, command, env),
            logFile,
            match.Program.ReadyMarker,
            time,
            ledger,
            what => log($"pod {pod.Namespace}/{pod.Name} container {name}: {what}"),
            (pid, running) => Callers.SetContainer(pid, running ? owner : null));
        return container;
    }

    private static ProcessStartInfo StartInfo(PodInstance pod, (string File, string[] Args) command, Dictionary<string, string> env)
    {
        ProcessStartInfo info;
        if (pod.RunNamespace is { } netns)
        {
            info = new ProcessStartInfo("ip");
            foreach (var a in (string[])["netns", "exec", netns, command.File, .. command.Args])
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info = new ProcessStartInfo(command.File);
            foreach (var a in command.Args)
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("NSM_", StringComparison.Ordinal) || k == ContainerEnv.SpiffeSocketVariable).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        return info;
    }

    /// <summary>Writes ConfigMap <paramref name="configMap"/> again into the volumes of the pods of <paramref name="ns"/> that use it.</summary>
    public void SyncVolumes(string ns, string configMap, Func<string, string, IReadOnlyDictionary<string, string>?> lookup)
    {
        foreach (var pod in Pods.Where(p => p.Namespace == ns && !p.Deleting && PodVolumes.Uses(p, configMap)))
        {
            foreach (var w in PodVolumes.Sync(pod, layout, lookup))
            {
                log($"pod {ns}/{pod.Name}: {w}");
            }
        }
    }

    /// <summary>Stops the pod's containers (its NSC first, so it closes its connections) and removes its namespace.</summary>
    public async Task DeleteAsync(PodInstance pod)
    {
        pod.Deleting = true;
        foreach (var nsc in pod.Containers.Where(c => c.Injected && c.Process is not null))
        {
            await nsc.Process!.StopAsync(TimeSpan.FromSeconds(3));
        }

        await Task.WhenAll(pod.Containers.Where(c => c.Process is not null).Select(c => c.Process!.StopAsync(TimeSpan.FromSeconds(3))));
        if (pod.NetworkNamespace is { } netns)
        {
            Callers.RemoveNamespace(NetworkNamespaces.PathOf(netns));
            await namespaces.DeleteAsync(netns);
        }

        lock (_pods)
        {
            // down deletes the pods of one group in parallel
            _pods.Remove((pod.Namespace, pod.Name));
        }

        try
        {
            Directory.Delete(layout.PodDir(pod.Namespace, pod.Name), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private string NetnsName(string ns, string name)
    {
        var full = $"{prefix}-{ns}-{name}";
        return full.Length <= 200 ? full : full[..200];
    }

    /// <summary>
    /// A container's listen socket: <c>&lt;ns&gt;.&lt;pod&gt;.&lt;container&gt;.sock</c> in its node's folder, or a short name made
    /// from a hash of that when the path would pass the 107 bytes a unix socket path may have (deep --state folders, nodes).
    /// </summary>
    internal static string ListenSocketPath(string mesh, string ns, string pod, string container)
    {
        var path = Path.Combine(mesh, $"{ns}.{pod}.{container}.sock");
        return System.Text.Encoding.UTF8.GetByteCount(path) <= MaxSocketPath
            ? path
            : Path.Combine(mesh, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)))[..12] + ".sock");
    }

    private const int MaxSocketPath = 107;
}
