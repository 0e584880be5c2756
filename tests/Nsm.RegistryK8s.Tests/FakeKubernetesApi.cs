using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nsm.RegistryK8s.Tests;

/// <summary>
/// An in-process Kubernetes API server (Kestrel, HTTP on loopback) for namespaced custom resources, following the REST
/// and watch protocol for what the registry uses: list (metadata.resourceVersion), get, create (generateName; 409
/// AlreadyExists; 422 Invalid names), replace (409 Conflict on a stale metadata.resourceVersion), delete (preconditions;
/// 404 NotFound) and watch from a resourceVersion (newline-delimited events; an ERROR event with a 410 Expired Status
/// when the version is older than the bounded history). Failures are <c>Status</c> objects as Kubernetes sends them.
/// </summary>
internal sealed partial class FakeKubernetesApi : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Collection, string Type, JsonObject Object)> _history = [];
    private readonly List<Watcher> _watchers = [];
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _watchGate = Completed();
    private long _version = 100;
    private long _oldestWatchable = 100;
    private WebApplication? _app;

    /// <summary>Gets how many history events are kept for watches (older versions answer 410).</summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary>Gets the base URL.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Gets the number of creates answered 409 AlreadyExists.</summary>
    public int AlreadyExists { get; private set; }

    /// <summary>Gets the number of replaces and deletes answered 409 Conflict.</summary>
    public int Conflicts { get; private set; }

    /// <summary>Gets the number of watches answered 410 Expired.</summary>
    public int Gone { get; private set; }

    /// <summary>Gets or sets how many of the next replaces lose a race: the object is changed first, then 409 Conflict.</summary>
    public int ForcedReplaceConflicts { get; set; }

    /// <summary>Starts the server.</summary>
    /// <returns>The server.</returns>
    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var api = new FakeKubernetesApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0").UseShutdownTimeout(TimeSpan.FromSeconds(1));
        var app = builder.Build();
        const string collection = "/apis/{group}/{version}/namespaces/{ns}/{plural}";
        app.MapGet(collection, api.ListOrWatchAsync);
        app.MapPost(collection, api.CreateAsync);
        app.MapGet(collection + "/{name}", api.Get);
        app.MapPut(collection + "/{name}", api.ReplaceAsync);
        app.MapDelete(collection + "/{name}", api.DeleteAsync);
        await app.StartAsync();
        api._app = app;
        api.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return api;
    }

    /// <summary>Gets a copy of an object, or <see langword="null"/>.</summary>
    /// <param name="plural">The resource.</param>
    /// <param name="name">The name.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The object.</returns>
    public JsonObject? Find(string plural, string name, string ns = "nsm-system")
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(ns, plural, name), out var obj) ? obj.DeepClone().AsObject() : null;
        }
    }

    /// <summary>Gets the names of a resource's objects.</summary>
    /// <param name="plural">The resource.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>The names.</returns>
    public IReadOnlyList<string> Names(string plural, string ns = "nsm-system")
    {
        lock (_lock)
        {
            var prefix = Key(ns, plural, string.Empty);
            return [.. _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..])];
        }
    }

    /// <summary>Writes an object directly (as another client would), creating or replacing it.</summary>
    /// <param name="plural">The resource.</param>
    /// <param name="obj">The object (metadata.name set).</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>Its new resourceVersion.</returns>
    public string Write(string plural, JsonObject obj, string ns = "nsm-system")
    {
        lock (_lock)
        {
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            var type = _objects.ContainsKey(Key(ns, plural, name)) ? "MODIFIED" : "ADDED";
            return Store(ns, plural, name, obj.DeepClone().AsObject(), type);
        }
    }

    /// <summary>Deletes an object directly.</summary>
    /// <param name="plural">The resource.</param>
    /// <param name="name">The name.</param>
    /// <param name="ns">The namespace.</param>
    public void Remove(string plural, string name, string ns = "nsm-system")
    {
        lock (_lock)
        {
            RemoveLocked(ns, plural, name);
        }
    }

    /// <summary>Forgets the watch history: a watch from any version seen so far answers 410.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _history.Clear();
            _oldestWatchable = _version;
        }
    }

    /// <summary>Ends every open watch stream (as a server-side timeout does).</summary>
    public void EndWatches()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Events.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    /// <summary>Holds new watch requests until <see cref="ReleaseWatches"/>.</summary>
    public void HoldWatches()
    {
        lock (_lock)
        {
            _watchGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets held watch requests go on.</summary>
    public void ReleaseWatches() => _watchGate.TrySetResult();

    /// <summary>Gets the number of watch requests waiting at the gate or open.</summary>
    public int WaitingWatches;

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        ReleaseWatches();
        EndWatches();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private static string Key(string ns, string plural, string name) => $"{ns}/{plural}/{name}";

    private static string Collection(string ns, string plural) => $"{ns}/{plural}";

    private IResult Get(string ns, string plural, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(ns, plural, name), out var obj)
                ? Json(200, obj)
                : Status(404, "NotFound", $"{plural}.networkservicemesh.io \"{name}\" not found", plural, name);
        }
    }

    private async Task ListOrWatchAsync(HttpContext http, string ns, string plural)
    {
        if (http.Request.Query["watch"] == "true")
        {
            await WatchAsync(http, ns, plural, http.Request.Query["resourceVersion"].ToString());
            return;
        }

        JsonObject list;
        lock (_lock)
        {
            var prefix = Key(ns, plural, string.Empty);
            list = new JsonObject
            {
                ["apiVersion"] = "networkservicemesh.io/v1",
                ["kind"] = "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(CultureInfo.InvariantCulture) },
                ["items"] = new JsonArray([.. _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(o => (JsonNode)o.Value.DeepClone())]),
            };
        }

        await Json(200, list).ExecuteAsync(http);
    }

    private async Task<IResult> CreateAsync(HttpContext http, string ns, string plural)
    {
        var obj = await BodyAsync(http);
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        lock (_lock)
        {
            var name = metadata["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                var prefix = metadata["generateName"]?.GetValue<string>() ?? string.Empty;
                if (prefix.Length == 0)
                {
                    return Status(422, "Invalid", $"{plural}.networkservicemesh.io is invalid: metadata.name: Required value: name or generateName is required", plural, string.Empty);
                }

                name = prefix + Guid.NewGuid().ToString("N")[..5];
                metadata["name"] = name;
            }

            if (!DnsSubdomain().IsMatch(name) || name.Length > 253)
            {
                return Status(422, "Invalid", $"{plural}.networkservicemesh.io \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'", plural, name);
            }

            if (_objects.ContainsKey(Key(ns, plural, name)))
            {
                AlreadyExists++;
                return Status(409, "AlreadyExists", $"{plural}.networkservicemesh.io \"{name}\" already exists", plural, name);
            }

            metadata["namespace"] = ns;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Store(ns, plural, name, obj, "ADDED");
            return Json(201, obj);
        }
    }

    private async Task<IResult> ReplaceAsync(HttpContext http, string ns, string plural, string name)
    {
        var obj = await BodyAsync(http);
        lock (_lock)
        {
            if (!_objects.TryGetValue(Key(ns, plural, name), out var current))
            {
                return Status(404, "NotFound", $"{plural}.networkservicemesh.io \"{name}\" not found", plural, name);
            }

            if (ForcedReplaceConflicts > 0)
            {
                ForcedReplaceConflicts--;
                Store(ns, plural, name, current.DeepClone().AsObject(), "MODIFIED");
            }

            var given = obj["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(given))
            {
                return Status(422, "Invalid", $"{plural}.networkservicemesh.io \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update", plural, name);
            }

            if (given != _objects[Key(ns, plural, name)]["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                Conflicts++;
                return Status(409, "Conflict", $"Operation cannot be fulfilled on {plural}.networkservicemesh.io \"{name}\": the object has been modified; please apply your changes to the latest version and try again", plural, name);
            }

            Store(ns, plural, name, obj, "MODIFIED");
            return Json(200, obj);
        }
    }

    private async Task<IResult> DeleteAsync(HttpContext http, string ns, string plural, string name)
    {
        var options = http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0 ? await BodyAsync(http) : null;
        lock (_lock)
        {
            if (!_objects.TryGetValue(Key(ns, plural, name), out var current))
            {
                return Status(404, "NotFound", $"{plural}.networkservicemesh.io \"{name}\" not found", plural, name);
            }

            var precondition = options?["preconditions"]?["resourceVersion"]?.GetValue<string>();
            if (precondition is not null && precondition != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                Conflicts++;
                return Status(409, "Conflict", $"Operation cannot be fulfilled on {plural}.networkservicemesh.io \"{name}\": Precondition failed: ResourceVersion in precondition: {precondition}, ResourceVersion in object meta: {current["metadata"]!["resourceVersion"]}", plural, name);
            }

            return Json(200, RemoveLocked(ns, plural, name)!);
        }
    }

    private async Task WatchAsync(HttpContext http, string ns, string plural, string fromText)
    {
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        Interlocked.Increment(ref WaitingWatches);
        try
        {
            await _watchGate.Task.WaitAsync(ends.Token);
        }
        finally
        {
            Interlocked.Decrement(ref WaitingWatches);
        }

        var watcher = new Watcher(Collection(ns, plural), Channel.CreateUnbounded<string>());
        lock (_lock)
        {
            if (fromText is "" or "0")
            {
                var prefix = Key(ns, plural, string.Empty);
                foreach (var (key, obj) in _objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    watcher.Events.Writer.TryWrite(Event("ADDED", obj));
                }
            }
            else if (!long.TryParse(fromText, CultureInfo.InvariantCulture, out var from) || from < _oldestWatchable)
            {
                Gone++;
                watcher.Events.Writer.TryWrite(Event("ERROR", StatusObject(410, "Expired", $"too old resource version: {fromText} ({_oldestWatchable})", plural, string.Empty)));
                watcher.Events.Writer.TryComplete();
            }
            else
            {
                foreach (var e in _history.Where(h => h.Version > from && h.Collection == watcher.Collection))
                {
                    watcher.Events.Writer.TryWrite(Event(e.Type, e.Object));
                }
            }

            if (!watcher.Events.Reader.Completion.IsCompleted)
            {
                _watchers.Add(watcher);
            }
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        await http.Response.StartAsync(http.RequestAborted);
        try
        {
            await foreach (var line in watcher.Events.Reader.ReadAllAsync(ends.Token))
            {
                await http.Response.WriteAsync(line + "\n", Encoding.UTF8, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    private string Store(string ns, string plural, string name, JsonObject obj, string type)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        metadata["name"] = name;
        metadata["namespace"] = ns;
        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        metadata["resourceVersion"] = version;
        _objects[Key(ns, plural, name)] = obj;
        Publish(ns, plural, type, obj);
        return version;
    }

    private JsonObject? RemoveLocked(string ns, string plural, string name)
    {
        if (!_objects.Remove(Key(ns, plural, name), out var removed))
        {
            return null;
        }

        removed["metadata"]!["resourceVersion"] = (++_version).ToString(CultureInfo.InvariantCulture);
        Publish(ns, plural, "DELETED", removed);
        return removed;
    }

    private void Publish(string ns, string plural, string type, JsonObject obj)
    {
        var collection = Collection(ns, plural);
        _history.Add((_version, collection, type, obj.DeepClone().AsObject()));
        if (_history.Count > HistoryLimit)
        {
            _oldestWatchable = _history[0].Version;
            _history.RemoveAt(0);
        }

        foreach (var watcher in _watchers.Where(w => w.Collection == collection))
        {
            watcher.Events.Writer.TryWrite(Event(type, obj));
        }
    }

    private static string Event(string type, JsonObject obj) =>
        new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString();

    private static async Task<JsonObject> BodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
    }

    private static IResult Json(int code, JsonObject obj) => Results.Text(obj.ToJsonString(), "application/json", Encoding.UTF8, code);

    private static IResult Status(int code, string reason, string message, string plural, string name) =>
        Json(code, StatusObject(code, reason, message, plural, name));

    private static JsonObject StatusObject(int code, string reason, string message, string plural, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = new JsonObject { ["name"] = name, ["group"] = "networkservicemesh.io", ["kind"] = plural },
        ["code"] = code,
    };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    private sealed record Watcher(string Collection, Channel<string> Events);
}
