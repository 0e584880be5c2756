using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>cmd-admission-webhook-k8s settings, read from upstream's <c>NSM_*</c> environment variables.</summary>
internal sealed record WebhookCmdOptions
{
    /// <summary>Gets the name of the MutatingWebhookConfiguration (upstream <c>NSM_NAME</c>, admission-webhook-k8s).</summary>
    public required string Name { get; init; }

    /// <summary>Gets the Service in front of this webhook (<c>NSM_SERVICE_NAME</c>): the API server calls it, and the certificate names it.</summary>
    public required string ServiceName { get; init; }

    /// <summary>Gets the namespace of that Service (<c>NSM_NAMESPACE</c>).</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the annotation that asks for NSM on a pod or a namespace (<c>NSM_ANNOTATION</c>, networkservicemesh.io).</summary>
    public required string Annotation { get; init; }

    /// <summary>Gets the labels added to every mutated pod (<c>NSM_LABELS</c>).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Gets the env variable of the added containers that carries the annotation's value (<c>NSM_NSURL_ENV_NAME</c>, NSM_NETWORK_SERVICES).</summary>
    public required string NsUrlEnvName { get; init; }

    /// <summary>Gets the images of the init containers added (<c>NSM_INIT_CONTAINER_IMAGES</c>: cmd-nsc-init).</summary>
    public required IReadOnlyList<string> InitContainerImages { get; init; }

    /// <summary>Gets the images of the containers added (<c>NSM_CONTAINER_IMAGES</c>: cmd-nsc).</summary>
    public required IReadOnlyList<string> ContainerImages { get; init; }

    /// <summary>Gets the extra env of every added container (<c>NSM_ENVS</c>: <c>NAME=value</c> items, comma-separated).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Envs { get; init; }

    /// <summary>Gets the mode (<c>NSM_WEBHOOK_MODE</c>: selfregister, our default, or spire).</summary>
    public required WebhookMode Mode { get; init; }

    /// <summary>Gets the PEM certificate to serve (<c>NSM_CERT_FILE_PATH</c>); none: a self-signed one made at start.</summary>
    public string? CertFilePath { get; init; }

    /// <summary>Gets the PEM key of <see cref="CertFilePath"/> (<c>NSM_KEY_FILE_PATH</c>).</summary>
    public string? KeyFilePath { get; init; }

    /// <summary>Gets the CA bundle registered with a given certificate (<c>NSM_CA_BUNDLE_FILE_PATH</c>; default: the certificate itself).</summary>
    public string? CaBundleFilePath { get; init; }

    /// <summary>Gets where to serve HTTPS (<c>NSM_LISTEN_ON</c>, tcp://:443 as upstream).</summary>
    public required Uri ListenOn { get; init; }

    /// <summary>Gets how long a namespace's annotation may take to read (1 s, as upstream).</summary>
    public TimeSpan NamespaceLookupTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public static WebhookCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var mode = env.GetString("NSM_WEBHOOK_MODE", "selfregister").ToUpperInvariant() switch
        {
            "SELFREGISTER" => WebhookMode.SelfRegister,
            "SPIRE" => WebhookMode.Spire,
            var other => throw new NsmConfigurationException($"NSM_WEBHOOK_MODE: '{other.ToLowerInvariant()}' is not selfregister or spire"),
        };
        var certFile = NullIfEmpty(env.GetString("NSM_CERT_FILE_PATH", ""));
        var keyFile = NullIfEmpty(env.GetString("NSM_KEY_FILE_PATH", ""));
        if ((certFile is null) != (keyFile is null))
        {
            throw new NsmConfigurationException(certFile is null ? "NSM_CERT_FILE_PATH: required with NSM_KEY_FILE_PATH" : "NSM_KEY_FILE_PATH: required with NSM_CERT_FILE_PATH");
        }

        if (mode == WebhookMode.Spire && certFile is null)
        {
            throw new NsmConfigurationException("NSM_CERT_FILE_PATH: required in spire mode (with NSM_KEY_FILE_PATH); or set NSM_WEBHOOK_MODE=selfregister");
        }

        var envs = new List<KeyValuePair<string, string>>();
        foreach (var item in env.GetList("NSM_ENVS"))
        {
            var cut = item.IndexOf('=', StringComparison.Ordinal);
            if (cut <= 0)
            {
                throw new NsmConfigurationException($"NSM_ENVS: '{item}' is not NAME=value");
            }

            envs.Add(new(item[..cut], item[(cut + 1)..]));
        }

        var initImages = env.GetList("NSM_INIT_CONTAINER_IMAGES");
        var images = env.GetList("NSM_CONTAINER_IMAGES");
        if (initImages.Count == 0 && images.Count == 0)
        {
            throw new NsmConfigurationException("NSM_INIT_CONTAINER_IMAGES: give the cmd-nsc-init image (and NSM_CONTAINER_IMAGES the cmd-nsc image): without either the webhook has nothing to add");
        }

        var annotation = env.GetString("NSM_ANNOTATION", "networkservicemesh.io");
        if (annotation.Length == 0)
        {
            throw new NsmConfigurationException("NSM_ANNOTATION: must not be empty");
        }

        var listenOn = env.GetUrl("NSM_LISTEN_ON", "tcp://:443")!;
        if (listenOn.Scheme != "tcp" || listenOn.Port < 0)
        {
            throw new NsmConfigurationException($"NSM_LISTEN_ON: '{listenOn}' is not tcp://host:port");
        }

        return new WebhookCmdOptions
        {
            Name = env.GetString("NSM_NAME", "admission-webhook-k8s"),
            ServiceName = env.GetString("NSM_SERVICE_NAME", "default"),
            Namespace = env.GetString("NSM_NAMESPACE", "default"),
            Annotation = annotation,
            Labels = env.GetLabels("NSM_LABELS"),
            NsUrlEnvName = env.GetString("NSM_NSURL_ENV_NAME", "NSM_NETWORK_SERVICES"),
            InitContainerImages = initImages,
            ContainerImages = images,
            Envs = envs,
            Mode = mode,
            CertFilePath = certFile,
            KeyFilePath = keyFile,
            CaBundleFilePath = NullIfEmpty(env.GetString("NSM_CA_BUNDLE_FILE_PATH", "")),
            ListenOn = listenOn,
        };
    }

    public override string ToString() =>
        $"name={Name} service={ServiceName}.{Namespace} annotation={Annotation} mode={Mode} listenOn={ListenOn} " +
        $"initContainers={string.Join(',', InitContainerImages)} containers={string.Join(',', ContainerImages)} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} envs={string.Join(',', Envs.Select(kv => kv.Key))} " +
        $"certificate={CertFilePath ?? "self-signed"}";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
