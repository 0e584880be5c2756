using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.AdmissionWebhookK8s.Kube;
using Nsm.Cmd.Shared;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>
/// Answers one admission.k8s.io/v1 AdmissionReview. Every answer to a review the API server can use allows the object:
/// an object without the annotation (on it or its namespace) gets no patch, and so does one whose handling fails
/// (a warning in the log, and for a bad annotation a warning the user sees too). Only a body that is not an
/// AdmissionReview at all (no request uid to answer to) gets HTTP 400.
/// </summary>
internal sealed partial class AdmissionReviewHandler(WebhookCmdOptions options, KubeApiClient kube, TimeProvider clock, ILogger<AdmissionReviewHandler> logger)
{
    /// <summary>The answer: an HTTP status and a JSON (or, for 400, text) body.</summary>
    public readonly record struct Answer(int Status, string ContentType, byte[] Body);

    public async Task<Answer> HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        JsonObject? request;
        string? uid;
        try
        {
            request = JsonNode.Parse(body.Span)?["request"] as JsonObject;
            uid = (string?)request?["uid"];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            request = null;
            uid = null;
        }

        if (request is null || string.IsNullOrEmpty(uid))
        {
            LogMalformed(logger, body.Length);
            return new Answer(400, "text/plain; charset=utf-8", "not an admission.k8s.io/v1 AdmissionReview: expected a JSON object with request.uid"u8.ToArray());
        }

        JsonArray? patch = null;
        string? warning = null;
        try
        {
            (patch, warning) = await DecideAsync(request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var described = Describe(request);
            LogFailed(logger, described, ex.Message.ReplaceLineEndings(" "));
        }

        return new Answer(200, "application/json", Response(uid, patch, warning));
    }

    private async Task<(JsonArray? Patch, string? Warning)> DecideAsync(JsonObject request, CancellationToken cancellationToken)
    {
        if ((string?)request["operation"] != "CREATE" || request["object"] is not JsonObject obj)
        {
            return (null, null);
        }

        var kind = (string?)request["kind"]?["kind"];
        var (prefix, pod) = kind switch
        {
            "Pod" => ("", obj),
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => ("/spec/template", obj["spec"]?["template"] as JsonObject),
            _ => ("", null),
        };
        if (pod is null || (kind == "ReplicaSet" && OwnedByDeployment(obj)))
        {
            return (null, null);
        }

        var annotation = (string?)pod["metadata"]?["annotations"]?[options.Annotation];
        if (string.IsNullOrEmpty(annotation) && kind != "Pod")
        {
            annotation = (string?)obj["metadata"]?["annotations"]?[options.Annotation];
        }

        if (string.IsNullOrEmpty(annotation) && kind == "Pod")
        {
            annotation = await NamespaceAnnotationAsync((string?)request["namespace"] ?? (string?)obj["metadata"]?["namespace"], cancellationToken);
        }

        if (string.IsNullOrEmpty(annotation))
        {
            return (null, null);
        }

        if (!NsmAnnotation.TryParse(annotation, out _, out var why))
        {
            var refused = Describe(request);
            LogBadAnnotation(logger, refused, options.Annotation, why);
            return (null, $"{options.Annotation}: {why}; admitted without Network Service Mesh");
        }

        var patch = PodPatch.Build(options, prefix, pod, annotation);
        var described = Describe(request);
        LogMutated(logger, described, annotation, patch.Count);
        return (patch.Count == 0 ? null : patch, null);
    }

    private async Task<string?> NamespaceAnnotationAsync(string? ns, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(options.NamespaceLookupTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return (await kube.GetNamespaceAnnotationsAsync(ns, linked.Token)).GetValueOrDefault(options.Annotation);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = timeout.IsCancellationRequested ? $"no answer within {options.NamespaceLookupTimeout.TotalSeconds} s" : ex.Message;
            LogNamespaceLookupFailed(logger, ns, reason);
            return null;
        }
    }

    private static bool OwnedByDeployment(JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => (string?)o?["kind"] == "Deployment");

    private static string Describe(JsonObject request)
    {
        var meta = request["object"]?["metadata"];
        var name = (string?)meta?["name"] is { Length: > 0 } n ? n : ((string?)meta?["generateName"] ?? "") + "*";
        return $"{(string?)request["kind"]?["kind"] ?? "?"} {(string?)request["namespace"] ?? "?"}/{name}";
    }

    private static byte[] Response(string uid, JsonArray? patch, string? warning)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "admission.k8s.io/v1");
            writer.WriteString("kind", "AdmissionReview");
            writer.WriteStartObject("response");
            writer.WriteString("uid", uid);
            writer.WriteBoolean("allowed", true);
            if (patch is not null)
            {
                var patchBuffer = new ArrayBufferWriter<byte>();
                using (var patchWriter = new Utf8JsonWriter(patchBuffer))
                {
                    patch.WriteTo(patchWriter);
                }

                writer.WriteString("patchType", "JSONPatch");
                writer.WriteBase64String("patch", patchBuffer.WrittenSpan);
            }

            if (warning is not null)
            {
                writer.WriteStartArray("warnings");
                writer.WriteStringValue(warning);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Object}: {Annotation} → {Operations} patch operations")]
    private static partial void LogMutated(ILogger logger, string @object, string annotation, int operations);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Object}: annotation {Key} is not usable ({Reason}); admitted without NSM")]
    private static partial void LogBadAnnotation(ILogger logger, string @object, string key, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Object}: admitted unchanged, its review failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string @object, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "namespace {Namespace}: its annotations could not be read ({Error}); its pods without their own annotation are admitted without NSM")]
    private static partial void LogNamespaceLookupFailed(ILogger logger, string @namespace, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "a {Length}-byte request that is not an AdmissionReview (no request.uid): answered 400")]
    private static partial void LogMalformed(ILogger logger, int length);
}
