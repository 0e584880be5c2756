using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.RegistryK8s.Kubernetes;

/// <summary>
/// A small REST client of one namespaced custom resource type (<c>/apis/{group}/{version}/namespaces/{ns}/{plural}</c>):
/// list, get, create, replace, delete and watch, over <see cref="HttpClient"/> with <see cref="JsonNode"/> bodies
/// (no reflection: Native AOT safe). Failures answer with the <c>Status</c> object as a
/// <see cref="KubernetesApiException"/>.
/// </summary>
internal sealed class CustomResourceClient
{
    private readonly HttpClient _http;
    private readonly KubernetesApiSettings _settings;
    private readonly string _collection;

    /// <summary>Initializes the client.</summary>
    /// <param name="http">The HTTP client (its handler trusts the API server's CA); the caller owns it.</param>
    /// <param name="settings">Where the API is, how to authenticate, which namespace.</param>
    /// <param name="plural">The resource's plural (<c>networkserviceendpoints</c>).</param>
    /// <param name="kind">The resource's kind (<c>NetworkServiceEndpoint</c>).</param>
    public CustomResourceClient(HttpClient http, KubernetesApiSettings settings, string plural, string kind)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        Plural = plural;
        Kind = kind;
        _collection = $"{settings.Server.AbsoluteUri.TrimEnd('/')}/apis/{KubernetesApiSettings.Group}/{KubernetesApiSettings.Version}/namespaces/{Uri.EscapeDataString(settings.Namespace)}/{plural}";
    }

    /// <summary>Gets the resource's plural.</summary>
    public string Plural { get; }

    /// <summary>Gets the resource's kind.</summary>
    public string Kind { get; }

    /// <summary>Gets the namespace.</summary>
    public string Namespace => _settings.Namespace;

    /// <summary>Lists every object of the namespace.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objects and the list's resourceVersion (where a watch starts).</returns>
    public async Task<(IReadOnlyList<CustomResource> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await SendAsync(HttpMethod.Get, _collection, null, cancellationToken).ConfigureAwait(false);
        var items = new List<CustomResource>();
        foreach (var item in list["items"] as JsonArray ?? [])
        {
            if (item is JsonObject obj)
            {
                items.Add(CustomResource.From(obj));
            }
        }

        return (items, list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? string.Empty);
    }

    /// <summary>Gets one object.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object, or <see langword="null"/> when there is none.</returns>
    public async Task<CustomResource?> GetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return CustomResource.From(await SendAsync(HttpMethod.Get, ItemUrl(name), null, cancellationToken).ConfigureAwait(false));
        }
        catch (KubernetesApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates an object (409 AlreadyExists when the name is taken).</summary>
    /// <param name="obj">The object (apiVersion, kind, metadata.name or generateName, spec).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created object.</returns>
    public async Task<CustomResource> CreateAsync(JsonObject obj, CancellationToken cancellationToken) =>
        CustomResource.From(await SendAsync(HttpMethod.Post, _collection, obj, cancellationToken).ConfigureAwait(false));

    /// <summary>Replaces an object; with metadata.resourceVersion set, 409 Conflict when it changed since.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="obj">The new object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    public async Task<CustomResource> ReplaceAsync(string name, JsonObject obj, CancellationToken cancellationToken) =>
        CustomResource.From(await SendAsync(HttpMethod.Put, ItemUrl(name), obj, cancellationToken).ConfigureAwait(false));

    /// <summary>Deletes an object; with <paramref name="resourceVersion"/>, only that version (409 Conflict otherwise).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="resourceVersion">The precondition, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the object is deleted (404 NotFound when there was none).</returns>
    public async Task DeleteAsync(string name, string? resourceVersion, CancellationToken cancellationToken)
    {
        JsonObject? options = null;
        if (resourceVersion is not null)
        {
            options = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "DeleteOptions",
                ["preconditions"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            };
        }

        await SendAsync(HttpMethod.Delete, ItemUrl(name), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Watches the namespace's objects from <paramref name="resourceVersion"/>: one JSON event a line. The sequence ends
    /// when the server closes the stream (a timeout: watch again from the last version seen); an <c>ERROR</c> event is
    /// returned as it is (410 Expired means list again).
    /// </summary>
    /// <param name="resourceVersion">Where to start (a list's or the last event's resourceVersion).</param>
    /// <param name="timeout">The server-side timeout of this watch.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var url = $"{_collection}?watch=true&allowWatchBookmarks=true&timeoutSeconds={(long)timeout.TotalSeconds}&resourceVersion={Uri.EscapeDataString(resourceVersion)}";
        using var request = NewRequest(HttpMethod.Get, url, null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (JsonNode.Parse(line) is not JsonObject e || e["type"]?.GetValue<string>() is not { } type || e["object"] is not JsonObject obj)
                {
                    throw new FormatException($"a watch event that is not {{type, object}}: {line}");
                }

                yield return new WatchEvent(type, obj);
            }
        }
    }

    /// <summary>Builds the exception of a watch <c>ERROR</c> event's <c>Status</c>.</summary>
    /// <param name="status">The Status object.</param>
    /// <returns>The exception.</returns>
    public static KubernetesApiException FromStatus(JsonObject status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var code = status["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : 500;
        return new KubernetesApiException(
            (HttpStatusCode)code,
            status["reason"]?.GetValue<string>() ?? string.Empty,
            status["message"]?.GetValue<string>() ?? $"Kubernetes API error {code}");
    }

    private string ItemUrl(string name) => $"{_collection}/{Uri.EscapeDataString(name)}";

    private HttpRequestMessage NewRequest(HttpMethod method, string url, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_settings.ReadToken() is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string url, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = NewRequest(method, url, body);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text) as JsonObject ?? throw new FormatException($"{method} {url}: the answer is not a JSON object");
    }

    private static async Task<KubernetesApiException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (JsonNode.Parse(text) is JsonObject status && status["kind"]?.GetValue<string>() == "Status")
            {
                var error = FromStatus(status);
                return new KubernetesApiException(response.StatusCode, error.Reason, error.Message);
            }
        }
        catch (JsonException)
        {
            // not a Status: the body is the message
        }

        return new KubernetesApiException(response.StatusCode, string.Empty, $"Kubernetes API {(int)response.StatusCode}: {text}");
    }
}
