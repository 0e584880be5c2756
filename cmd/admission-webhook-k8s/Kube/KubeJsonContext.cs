using System.Text.Json.Serialization;

namespace Nsm.Cmd.AdmissionWebhookK8s.Kube;

/// <summary>System.Text.Json source generation for the API objects (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KubeNamespace))]
[JsonSerializable(typeof(KubeStatus))]
[JsonSerializable(typeof(MutatingWebhookConfiguration))]
internal sealed partial class KubeJsonContext : JsonSerializerContext;
