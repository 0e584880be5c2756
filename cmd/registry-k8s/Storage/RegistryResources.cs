using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// The custom resources of registry records, as upstream's sdk-k8s stores them: group <c>networkservicemesh.io/v1</c>,
/// the object name is the record name, and <c>spec</c> is the record as Go's <c>encoding/json</c> writes the
/// generated struct (snake_case keys, empty fields left out, timestamps as <c>{seconds, nanos}</c>).
/// </summary>
internal static partial class RegistryResources
{
    /// <summary>The NSE plural.</summary>
    public const string EndpointPlural = "networkserviceendpoints";

    /// <summary>The NS plural.</summary>
    public const string ServicePlural = "networkservices";

    /// <summary>The prefix of generated NSE names (a Register without a name), as upstream.</summary>
    public const string EndpointGenerateName = "nse-";

    /// <summary>The prefix of generated NS names, as upstream.</summary>
    public const string ServiceGenerateName = "netsvc-";

    /// <summary>Builds the object of an NSE.</summary>
    /// <param name="nse">The record.</param>
    /// <returns>The object (no resourceVersion).</returns>
    public static JsonObject ToObject(NetworkServiceEndpoint nse) =>
        Envelope(NetworkServiceEndpointDocument.Kind, nse.Name, EndpointGenerateName, NetworkServiceEndpointDocument.ToSpecJson(nse));

    /// <summary>Builds the object of an NS.</summary>
    /// <param name="ns">The record.</param>
    /// <returns>The object (no resourceVersion).</returns>
    public static JsonObject ToObject(NetworkService ns) =>
        Envelope(NetworkServiceDocument.Kind, ns.Name, ServiceGenerateName, NetworkServiceDocument.ToSpecJson(ns));

    /// <summary>Reads the NSE of an object (the name is metadata.name).</summary>
    /// <param name="resource">The object.</param>
    /// <returns>The record.</returns>
    public static NetworkServiceEndpoint ToEndpoint(CustomResource resource) =>
        NetworkServiceEndpointDocument.Parse(resource.Object.ToJsonString());

    /// <summary>Reads the NS of an object (the name is metadata.name).</summary>
    /// <param name="resource">The object.</param>
    /// <returns>The record.</returns>
    public static NetworkService ToService(CustomResource resource) =>
        NetworkServiceDocument.Parse(resource.Object.ToJsonString());

    /// <summary>Refuses a name Kubernetes would refuse (a DNS subdomain: RFC 1123), with a message that says why.</summary>
    /// <param name="kind">The record kind, for the message.</param>
    /// <param name="name">The name; empty is allowed (the API generates one).</param>
    /// <exception cref="RpcException">InvalidArgument.</exception>
    public static void ValidateName(string kind, string name)
    {
        if (name.Length == 0 || (name.Length <= 253 && DnsSubdomain().IsMatch(name)))
        {
            return;
        }

        throw new RpcException(new Status(StatusCode.InvalidArgument,
            $"{kind} name '{name}' cannot be a Kubernetes object name: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit"));
    }

    private static JsonObject Envelope(string kind, string name, string generateName, string specJson)
    {
        var metadata = name.Length == 0 ? new JsonObject { ["generateName"] = generateName } : new JsonObject { ["name"] = name };
        return new JsonObject
        {
            ["apiVersion"] = $"{KubernetesApiSettings.Group}/{KubernetesApiSettings.Version}",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["spec"] = JsonNode.Parse(specJson),
        };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();
}
