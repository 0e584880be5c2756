using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Shared;
using Nsm.Sdk.Hosting.Spiffe;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The cluster of this machine (one node, or <c>up --nodes N</c>): the applied objects, the pods and the control plane, kept as declared by a reconcile loop. Every
/// request from the CLI and every reconcile step runs under one lock, so the CLI always sees a consistent state.
/// </summary>
internal sealed partial class MeshSupervisor : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private Task _loop = Task.CompletedTask;
    private Nsm.Sdk.Spiffe.DevCertificateAuthority? _authority;

    public MeshSupervisor(StateLayout layout, string? programsDir, NodeNetworkOptions nodes, MeshSecurityOptions security, TimeProvider time, Action<string> log)
    {
        NodeOptions = nodes;
        Security = security;
        Layout = layout;
        _time = time;
        _log = log;
        Id = "nsmctl" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        Ledger = new Ledger(layout.Ledger);
        var namespaces = new NetworkNamespaces(Ledger, nodes.HostAliases);
        NodeNetwork = new NodeNetwork(Ledger, namespaces);
        Callers = new PodCallerResolver(log: log);
        Pods = new PodRuntime(layout, Ledger, namespaces, new ProgramLocator(programsDir), Id, time, log) { Callers = Callers, TrustDomain = security.Insecure ? null : security.TrustDomain };
        Services = new ServiceRouter(layout, Store);
        Registry = new RegistryPublisher(layout, log);
        Site = new SiteTunnel(Id, time, log);
    }

    /// <summary>Gets the guide's nsm-config tunnel to another cluster.</summary>
    public SiteTunnel Site { get; }

    /// <summary>Gets the prefix of everything this supervisor makes on the machine (namespaces are <c>&lt;Id&gt;-&lt;ns&gt;-&lt;pod&gt;</c>).</summary>
    public string Id { get; }

    public StateLayout Layout { get; }

    public Ledger Ledger { get; }

    public NodeNetworkOptions NodeOptions { get; }

    public MeshSecurityOptions Security { get; }

    /// <summary>Gets the mesh's Workload API, or null with <c>--insecure</c> (and before <see cref="StartAsync"/>).</summary>
    public DevWorkloadApiServer? WorkloadApi { get; private set; }

    /// <summary>Gets how the Workload API tells the pods' processes apart.</summary>
    public PodCallerResolver Callers { get; }

    public NodeNetwork NodeNetwork { get; }

    /// <summary>Gets the nodes (<c>worker-1</c>…), made by <see cref="StartAsync"/>.</summary>
    public IReadOnlyList<Node> Nodes { get; private set; } = [];

    public ObjectStore Store { get; } = new();

    public PodRuntime Pods { get; }

    public ServiceRouter Services { get; }

    public RegistryPublisher Registry { get; }

    /// <summary>Gets a task that completes when <c>down</c> has removed everything.</summary>
    public TaskCompletionSource Down { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task StartAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Layout.Mesh);
        Directory.CreateDirectory(Layout.Logs);
        Directory.CreateDirectory(Layout.Pods);
        await StartWorkloadApiAsync(ct);
        var now = _time.GetUtcNow();
        Nodes = await NodeNetwork.CreateAsync(Id, NodeOptions, Layout, now, ct);
        foreach (var node in Nodes.Where(n => n.Address is not null))
        {
            _log($"node {node.Name}: namespace {node.NetworkNamespace}, {node.Address}/{node.PrefixLength} on {Node.Interface} (root end {node.HostLink} on {NodeNetwork.BridgeName(Id)})");
        }

        Store.Put(new StoredObject(ResourceKind.Namespace, "", "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, now) { BuiltIn = true });
        var documents = new List<ManifestDocument>();
        ManifestReader.Parse(ControlPlane.Yaml, "built-in control plane", documents);
        await _gate.WaitAsync(ct);
        try
        {
            await ApplyLockedAsync(documents, null, builtIn: true, ct);
        }
        finally
        {
            _gate.Release();
        }

        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                RegistryPublisher.Snapshot? snapshot = null;
                await _gate.WaitAsync(ct);
                try
                {
                    await ReconcileLockedAsync(ct);
                    snapshot = RegistrySnapshotLocked();
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    _log("reconcile: " + ex.Message);
                }
                finally
                {
                    _gate.Release();
                }

                // The registry calls run outside the lock: a slow registry never delays the CLI.
                if (snapshot is not null)
                {
                    using var expiry = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, expiry.Token);
                    try
                    {
                        await Registry.SyncAsync(snapshot, _time.GetUtcNow(), timeout.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        _log("registry sync: no answer within 5 s; retrying");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One pass: workloads to their declared pods, Services to their pods, the registry to the applied records.</summary>
    private async Task ReconcileLockedAsync(CancellationToken ct)
    {
        var (create, delete) = WorkloadController.Plan(Store, Pods.Pods, Nodes);
        foreach (var pod in delete)
        {
            _log($"deleting pod {pod.Namespace}/{pod.Name}");
            await Pods.DeleteAsync(pod);
        }

        foreach (var manifest in create)
        {
            await CreatePodLockedAsync(manifest, ct);
        }

        // Pending pods are tried again on every pass, as kube-scheduler retries (a node label or a deleted pod may free a place).
        foreach (var pending in Pods.Pods.Where(p => p.Unschedulable is not null && !p.Deleting).ToList())
        {
            var placement = Scheduler.Place(pending.Manifest, Nodes, Pods.Pods);
            if (placement.Node is { } node)
            {
                _log($"pod {pending.Namespace}/{pending.Name}: scheduled on {node.Name}");
                await Pods.BindAsync(pending, node, NamespaceAnnotation(pending.Namespace), EnvContext(), ct);
            }
            else
            {
                pending.Unschedulable = placement.Reason;
            }
        }

        Services.Update(Pods.Pods.ToList());
    }

    /// <summary>What the registry should hold, copied under the lock; null while the registry does not run.</summary>
    private RegistryPublisher.Snapshot? RegistrySnapshotLocked()
    {
        var pods = Pods.Pods.ToList();
        var registry = pods.FirstOrDefault(p => p.Namespace == ControlPlane.Namespace && p.Containers.Any(c => c.Program == ProgramRole.Registry));
        if (registry?.Containers.First(c => c.Program == ProgramRole.Registry).Process?.Pid is not { } pid)
        {
            return null;
        }

        var endpointLabels = pods.Where(p => p.Containers.Any(c => c.Program?.IsEndpoint == true)).Select(p => p.Labels).ToList();
        return new RegistryPublisher.Snapshot(
            Store.List(ResourceKind.NetworkService).Select(o => (o.Name, Json.Clone(o.Manifest))).ToList(),
            Store.List(ResourceKind.NetworkServiceEndpoint).Select(o => (o.Name, Json.Clone(o.Manifest))).ToList(),
            endpointLabels,
            $"{registry.Name}/{pid}");
    }

    private Task<PodInstance> CreatePodLockedAsync(JsonObject manifest, CancellationToken ct)
    {
        var ns = Json.String(manifest["metadata"]?["namespace"]) ?? "default";
        return Pods.CreateAsync(manifest, NamespaceAnnotation(ns), Scheduler.Place(manifest, Nodes, Pods.Pods), EnvContext(), ct);
    }

    private string? NamespaceAnnotation(string ns) => Json.String(Store.Get(ResourceKind.Namespace, "", ns)?.Manifest["metadata"]?["annotations"]?[NsmAnnotation.Key]);

    private ContainerEnv.Context EnvContext() => new(
        Layout,
        (ns, name) => Store.Get(ResourceKind.ConfigMap, ns, name) is { } cm ? Json.Map(cm.Manifest["data"]) : null,
        Services.Resolve,
        WorkloadApi is null ? null : Layout.WorkloadApiSocket);

    /// <summary>Starts the mesh's Workload API (before any pod, so every program finds it), or warns that there is none.</summary>
    private async Task StartWorkloadApiAsync(CancellationToken ct)
    {
        if (Security.Insecure)
        {
            _log("WARNING: --insecure: no Workload API; every container gets NSM_INSECURE=true (plaintext, no identities)");
            return;
        }

        try
        {
            WorkloadApi = await DevWorkloadApiServer.StartAsync(
                new DevWorkloadApiServerOptions
                {
                    SocketPath = Layout.WorkloadApiSocket,
                    TrustDomain = Security.TrustDomain,
                    CallerResolver = Callers,
                    Authority = _authority = await SharedAuthority.AcquireAsync(Security.TrustDomain, Id, _time, ct),
                },
                _time,
                cancellationToken: ct);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"workload api: cannot serve on {Layout.WorkloadApiSocket}: {ex.Message}", ex);
        }

        _log($"workload api: {WorkloadApi.Address} issues spiffe://{Security.TrustDomain}/ns/<ns>/pod/<pod> to the pods' processes");
        Registry.Identity = MeshClientIdentity.Issue(WorkloadApi.Authority, Layout.Spire, _time);
    }

    /// <summary>Stops the Workload API (it removes its socket); <c>down</c> does so after the pods are gone.</summary>
    private async Task StopWorkloadApiAsync()
    {
        Registry.Identity?.Dispose();
        Registry.Identity = null;
        if (WorkloadApi is { } server)
        {
            WorkloadApi = null;
            await server.DisposeAsync();
            _authority?.Dispose();
            _authority = null;
            SharedAuthority.Release(Security.TrustDomain, Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        await StopWorkloadApiAsync();
        _stopping.Dispose();
        _gate.Dispose();
    }
}
