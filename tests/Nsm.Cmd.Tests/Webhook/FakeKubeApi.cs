using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nsm.Cmd.Tests.Webhook;

/// <summary>
/// The Kubernetes API calls of the webhook on loopback HTTP, answered as the API server does: JSON objects with a
/// metadata.resourceVersion, and Status objects for 404 NotFound, 409 AlreadyExists (create) and 409 Conflict (stale
/// update). It records the bearer token of every call.
/// </summary>
internal sealed class FakeKubeApi : IAsyncDisposable
{
    private const string Configurations = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private readonly WebApplication _app;
    private int _version = 100;

    private FakeKubeApi(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, JsonObject> Namespaces { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, JsonObject> WebhookConfigurations { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Calls { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Set: every namespace read answers 500.</summary>
    public bool NamespacesBroken { get; set; }

    public static async Task<FakeKubeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeKubeApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.First() + "/");
        return fake;
    }

    public void AddNamespace(string name, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["resourceVersion"] = Next() };
        if (annotations is not null)
        {
            metadata["annotations"] = new JsonObject(annotations.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        }

        Namespaces[name] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = metadata };
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        Calls.Enqueue($"{method} {path} {context.Request.Headers.Authorization}");
        if (method == "GET" && path.StartsWith("/api/v1/namespaces/", StringComparison.Ordinal))
        {
            var name = path["/api/v1/namespaces/".Length..];
            if (NamespacesBroken)
            {
                await StatusAsync(context, 500, "InternalError", "etcd is not answering");
            }
            else if (Namespaces.TryGetValue(name, out var ns))
            {
                await ObjectAsync(context, 200, ns);
            }
            else
            {
                await StatusAsync(context, 404, "NotFound", $"namespaces \"{name}\" not found");
            }

            return;
        }

        if (path == Configurations && method == "POST")
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            var name = (string)body["metadata"]!["name"]!;
            body["metadata"]!["resourceVersion"] = Next();
            if (!WebhookConfigurations.TryAdd(name, body))
            {
                await StatusAsync(context, 409, "AlreadyExists", $"mutatingwebhookconfigurations.admissionregistration.k8s.io \"{name}\" already exists");
                return;
            }

            await ObjectAsync(context, 201, body);
            return;
        }

        if (path.StartsWith(Configurations + "/", StringComparison.Ordinal))
        {
            var name = path[(Configurations.Length + 1)..];
            var exists = WebhookConfigurations.TryGetValue(name, out var current);
            switch (method)
            {
                case "GET" when exists:
                    await ObjectAsync(context, 200, current!);
                    return;
                case "DELETE" when exists:
                    WebhookConfigurations.TryRemove(name, out _);
                    await ObjectAsync(context, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" });
                    return;
                case "PUT" when exists:
                    var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                    if ((string?)body["metadata"]?["resourceVersion"] != (string?)current!["metadata"]!["resourceVersion"])
                    {
                        await StatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on mutatingwebhookconfigurations.admissionregistration.k8s.io \"{name}\": the object has been modified");
                        return;
                    }

                    body["metadata"]!["resourceVersion"] = Next();
                    WebhookConfigurations[name] = body;
                    await ObjectAsync(context, 200, body);
                    return;
                default:
                    await StatusAsync(context, 404, "NotFound", $"mutatingwebhookconfigurations.admissionregistration.k8s.io \"{name}\" not found");
                    return;
            }
        }

        await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
    }

    private string Next() => Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task ObjectAsync(HttpContext context, int code, JsonObject body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) =>
        ObjectAsync(context, code, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });
}
