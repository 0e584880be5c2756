using System.Text;
using Nsm.Cmd.AdmissionWebhookK8s.Kube;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>The MutatingWebhookConfiguration the webhook registers for itself (upstream's selfregister mode).</summary>
internal static class WebhookConfiguration
{
    /// <summary>The path the API server posts AdmissionReviews to.</summary>
    public const string MutatePath = "/mutate";

    /// <summary>
    /// Pods on CREATE, through the Service <c>NSM_SERVICE_NAME.NSM_NAMESPACE</c> with the given CA bundle; namespaces
    /// and workloads are seen through their pods. Unlike upstream (Fail), the failure policy is Ignore: a webhook that
    /// is down or slow never blocks pod creation in the cluster (annotated pods then start without NSM), and
    /// kube-system is left out.
    /// </summary>
    public static MutatingWebhookConfiguration For(WebhookCmdOptions options, string caBundlePem) => new()
    {
        Metadata = new KubeObjectMeta { Name = options.Name, Labels = new() { ["app.kubernetes.io/managed-by"] = options.Name } },
        Webhooks =
        [
            new MutatingWebhook
            {
                Name = $"{options.Name}.{options.Annotation}",
                ClientConfig = new WebhookClientConfig
                {
                    Service = new ServiceReference { Namespace = options.Namespace, Name = options.ServiceName, Path = MutatePath },
                    CaBundle = Encoding.UTF8.GetBytes(caBundlePem),
                },
                Rules =
                [
                    new RuleWithOperations { Operations = ["CREATE"], ApiGroups = [""], ApiVersions = ["v1"], Resources = ["pods"] },
                ],
                FailurePolicy = "Ignore",
                SideEffects = "None",
                AdmissionReviewVersions = ["v1"],
                TimeoutSeconds = 10,
                ReinvocationPolicy = "Never",
                NamespaceSelector = new LabelSelector
                {
                    MatchExpressions = [new LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", Operator = "NotIn", Values = ["kube-system"] }],
                },
            },
        ],
    };
}
