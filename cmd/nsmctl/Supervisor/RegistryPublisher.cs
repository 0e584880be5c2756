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

    /// <summary>Gets or sets nsmctl's identity in a secure mesh (mTLS and tokens towards the registry); null when insecure.</summary>
    public MeshClientIdentity? Identity { get; set; }

    /// <summary>What to publish, copied from the supervisor's state under its lock.</summary>
    /// <param name="Services">The NetworkService objects (name, manifest).</param>
    /// <param name="Endpoints">The NetworkServiceEndpoint objects (name, manifest).</param>
    /// <param name="EndpointPodLabels">The labels of every pod running an endpoint (for the guide's destinationSelector).</param>
    /// <param name="Epoch">Changes whenever the registry process changed (everything is registered again).</param>
    internal sealed record Snapshot(List<(string Name, JsonObject Manifest)> Services, List<(string Name, JsonObject Manifest)> Endpoints, List<IReadOnlyDictionary<string, string>> EndpointPodLabels, string Epoch);

    /// <summary>Publishes the snapshot.</summary>
    public async Task SyncAsync(Snapshot snapshot, DateTimeOffset now, CancellationToken ct)
    {
        var epoch = snapshot.Epoch;
        if (!File.Exists(RegistrySocket))
        {
            return;
        }

        var wanted = new Dictionary<string, Func<Task>>(StringComparer.Ordinal);
        using var channel = MeshClientIdentity.Channel(Identity, RegistrySocket);
        Grpc.Core.Metadata headers;
        try
        {
            headers = await MeshClientIdentity.HeadersAsync(Identity, RegistrySocket, ct);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            if (_warned.Add("handshake " + ex.Message))
            {
                log($"registry: no TLS handshake yet: {ex.Message}");
            }

            return;
        }

        var nsClient = new NetworkServiceRegistry.NetworkServiceRegistryClient(channel);
        var nseClient = new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(channel);
        foreach (var o in snapshot.Services)
        {
            var warnings = new List<string>();
            var record = NetworkServiceTranslator.ToRegistry(o.Name, o.Manifest, selector => snapshot.EndpointPodLabels.Any(l => LabelSelector.FromMap(selector).Matches(l)), warnings);
            var key = "ns/" + o.Name;
            foreach (var w in warnings.Where(w => _warned.Add(key + w)))
            {
                log("WARN " + w);
            }

            await PublishAsync(key, record.ToString(), epoch, now, TimeSpan.MaxValue, () => nsClient.RegisterAsync(record, headers, Deadline(), ct).ResponseAsync, ct);
        }

        foreach (var o in snapshot.Endpoints)
        {
            var record = Endpoint(o.Name, o.Manifest, now);
            await PublishAsync("nse/" + o.Name, o.Manifest.ToJsonString(), epoch, now, EndpointRefresh, () => nseClient.RegisterAsync(record, headers, Deadline(), ct).ResponseAsync, ct);
        }

        foreach (var key in _published.Keys.ToList())
        {
            var name = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var kept = key.StartsWith("ns/", StringComparison.Ordinal)
                ? snapshot.Services.Any(o => o.Name == name)
                : snapshot.Endpoints.Any(o => o.Name == name);
            if (kept)
            {
                continue;
            }

            try
            {
                if (key.StartsWith("ns/", StringComparison.Ordinal))
                {
                    await nsClient.UnregisterAsync(new NetworkService { Name = name }, headers, Deadline(), ct);
                }
                else
                {
                    await nseClient.UnregisterAsync(new NetworkServiceEndpoint { Name = name }, headers, Deadline(), ct);
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

    private static NetworkServiceEndpoint Endpoint(string name, JsonObject manifest, DateTimeOffset now)
    {
        var spec = manifest["spec"] as JsonObject ?? [];
        var nse = new NetworkServiceEndpoint
        {
            Name = name,
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

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(3); // gRPC deadlines are wall-clock times
}
