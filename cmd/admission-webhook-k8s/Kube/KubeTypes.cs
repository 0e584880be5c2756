namespace Nsm.Cmd.AdmissionWebhookK8s.Kube;

// The few Kubernetes API objects this program reads and writes, as the API serves them (camelCase JSON, absent = null).

/// <summary>An object's metadata (the fields used here).</summary>
internal sealed record KubeObjectMeta
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? ResourceVersion { get; init; }

    public Dictionary<string, string>? Labels { get; init; }

    public Dictionary<string, string>? Annotations { get; init; }
}

/// <summary>A Namespace (v1): only its metadata matters here.</summary>
internal sealed record KubeNamespace
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public KubeObjectMeta? Metadata { get; init; }
}

/// <summary>The Status object the API answers errors with (404 NotFound, 409 AlreadyExists/Conflict, 403 Forbidden …).</summary>
internal sealed record KubeStatus
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Status { get; init; }

    public string? Message { get; init; }

    public string? Reason { get; init; }

    public int? Code { get; init; }
}

/// <summary>admissionregistration.k8s.io/v1 MutatingWebhookConfiguration.</summary>
internal sealed record MutatingWebhookConfiguration
{
    public string ApiVersion { get; init; } = "admissionregistration.k8s.io/v1";

    public string Kind { get; init; } = "MutatingWebhookConfiguration";

    public required KubeObjectMeta Metadata { get; init; }

    public List<MutatingWebhook> Webhooks { get; init; } = [];
}

/// <summary>One webhook of a <see cref="MutatingWebhookConfiguration"/>.</summary>
internal sealed record MutatingWebhook
{
    public required string Name { get; init; }

    public required WebhookClientConfig ClientConfig { get; init; }

    public List<RuleWithOperations> Rules { get; init; } = [];

    public string? FailurePolicy { get; init; }

    public string? SideEffects { get; init; }

    public List<string> AdmissionReviewVersions { get; init; } = [];

    public LabelSelector? NamespaceSelector { get; init; }

    public int? TimeoutSeconds { get; init; }

    public string? ReinvocationPolicy { get; init; }
}

/// <summary>How the API server reaches a webhook: a Service, and the CA bundle that verifies its certificate.</summary>
internal sealed record WebhookClientConfig
{
    public ServiceReference? Service { get; init; }

    public string? Url { get; init; }

    /// <summary>Gets the PEM bundle's bytes (base64 in JSON, as the API has it).</summary>
    public byte[]? CaBundle { get; init; }
}

/// <summary>A Service reference of <see cref="WebhookClientConfig"/>.</summary>
internal sealed record ServiceReference
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public string? Path { get; init; }

    public int? Port { get; init; }
}

/// <summary>Which operations on which resources a webhook sees.</summary>
internal sealed record RuleWithOperations
{
    public List<string> Operations { get; init; } = [];

    public List<string> ApiGroups { get; init; } = [];

    public List<string> ApiVersions { get; init; } = [];

    public List<string> Resources { get; init; } = [];

    public string? Scope { get; init; }
}

/// <summary>A label selector (match expressions only).</summary>
internal sealed record LabelSelector
{
    public List<LabelSelectorRequirement>? MatchExpressions { get; init; }
}

/// <summary>One expression of a <see cref="LabelSelector"/>.</summary>
internal sealed record LabelSelectorRequirement
{
    public required string Key { get; init; }

    public required string Operator { get; init; }

    public List<string>? Values { get; init; }
}
