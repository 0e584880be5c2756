using System.Text.Json.Nodes;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Keeps the applied NetworkService and NetworkServiceEndpoint objects registered in the node's registry (through
/// the <c>registry</c> Service of nsm-system): registers what is new or changed, again whenever the registry was
/// replaced or restarted, refreshes endpoints before they expire, and unregisters what was deleted.
/// </summary>
internal sealed class RegistryPublisher(StateLayout layout, Action<string> log)
{
    private static readonly TimeSpan EndpointRefresh = TimeSpan.FromSeconds(20);
    private readonly Dictionary<string, (string Hash, string Epoch, DateTimeOffset At)> _published = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    public string RegistrySocket => layout.ServiceSocket("nsm-system", "registry");

    /// <summary>Publishes the current state; <paramref name="epoch"/> changes whenever the registry process changed.</summary>
    public async Task SyncAsync(ObjectStore store, IReadOnlyList<PodInstance> pods, string epoch, DateTimeOffset now, CancellationToken ct)
    {
        if (!File.Exists(RegistrySocket))
        {
            return;
        }

        var wanted = new Dictionary<string, Func<Task>>(StringComparer.Ordinal);
        using var channel = UnixGrpc.Channel(RegistrySocket);
        var nsClient = new NetworkServiceRegistry.NetworkServiceRegistryClient(channel);
        var nseClient = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        foreach (var o in store.List(ResourceKind.NetworkService))
        {
            var warnings = new List<string>();
            var record = NetworkServiceTranslator.ToRegistry(o.Name, o.Manifest, selector => AnyEndpointHas(pods, selector), warnings);
            var key = "ns/" + o.Name;
            foreach (var w in warnings.Where(w => _warned.Add(key + w)))
            {
                log("WARN " + w);
            }

            await PublishAsync(key, record.ToString(), epoch, now, TimeSpan.MaxValue, () => nsClient.RegisterAsync(record, deadline: Deadline(), cancellationToken: ct).ResponseAsync, ct);
        }

        foreach (var o in store.List(ResourceKind.NetworkServiceEndpoint))
        {
            var record = Endpoint(o, now);
            await PublishAsync("nse/" + o.Name, Hash(o.Manifest), epoch, now, EndpointRefresh, () => nseClient.RegisterAsync(record, deadline: Deadline(), cancellationToken: ct).ResponseAsync, ct);
        }

        foreach (var key in _published.Keys.ToList())
        {
            var name = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var kept = key.StartsWith("ns/", StringComparison.Ordinal)
                ? store.List(ResourceKind.NetworkService).Any(o => o.Name == name)
                : store.List(ResourceKind.NetworkServiceEndpoint).Any(o => o.Name == name);
            if (kept)
            {
                continue;
            }

            try
            {
                if (key.StartsWith("ns/", StringComparison.Ordinal))
                {
                    await nsClient.UnregisterAsync(new NetworkService { Name = name }, deadline: Deadline(), cancellationToken: ct);
                }
                else
                {
                    await nseClient.UnregisterAsync(new NetworkServiceEndpoint { Name = name }, deadline: Deadline(), cancellationToken: ct);
                }
            }
            catch (RpcException ex)
            {
                log($"unregister {key}: {ex.Status.Detail}");
            }

            _published.Remove(key);
        }
    }

    private async Task PublishAsync(string key, string hash, string epoch, DateTimeOffset now, TimeSpan refresh, Func<Task> register, CancellationToken ct)
    {
        if (_published.TryGetValue(key, out var p) && p.Hash == hash && p.Epoch == epoch && (refresh == TimeSpan.MaxValue || now - p.At < refresh))
        {
            return;
        }

        try
        {
            await register();
            _published[key] = (hash, epoch, now);
        }
        catch (RpcException ex)
        {
            ct.ThrowIfCancellationRequested();
            log($"register {key}: {ex.Status.StatusCode} {ex.Status.Detail}");
        }
    }

    private static NetworkServiceEndpoint Endpoint(StoredObject o, DateTimeOffset now)
    {
        var spec = o.Manifest["spec"] as JsonObject ?? [];
        var nse = new NetworkServiceEndpoint
        {
            Name = o.Name,
            Url = Json.String(spec["url"]) ?? "",
            ExpirationTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now + TimeSpan.FromMinutes(1)),
        };
        foreach (var n in (spec["networkServiceNames"] ?? spec["network_service_names"]) as JsonArray ?? [])
        {
            if (Json.String(n) is { } s)
            {
                nse.NetworkServiceNames.Add(s);
            }
        }

        if ((spec["networkServiceLabels"] ?? spec["network_service_labels"]) is JsonObject labels)
        {
            foreach (var (service, value) in labels)
            {
                var l = new NetworkServiceLabels();
                foreach (var (k, v) in Json.Map(value?["labels"]))
                {
                    l.Labels[k] = v;
                }

                nse.NetworkServiceLabels[service] = l;
            }
        }

        return nse;
    }

    private static bool AnyEndpointHas(IReadOnlyList<PodInstance> pods, IReadOnlyDictionary<string, string> selector)
    {
        var s = LabelSelector.FromMap(selector);
        return pods.Any(p => p.Containers.Any(c => c.Program == ProgramRole.NseIcmpResponder) && p.Matches(s));
    }

    private static string Hash(JsonObject o) => o.ToJsonString();

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(3); // gRPC deadlines are wall-clock times
}
