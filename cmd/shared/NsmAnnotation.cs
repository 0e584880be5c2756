using System.Text.RegularExpressions;

namespace Nsm.Cmd.Shared;

/// <summary>
/// The <c>networkservicemesh.io</c> annotation, as the admission webhook reads it: a comma-separated list of either
/// bare service names (the guide's <c>isolated-network</c>) or URLs (<c>kernel://svc/nsm-1?app=x</c>, upstream's form).
/// Its value is passed on to cmd/nsc as <c>NSM_NETWORK_SERVICES</c>, which takes both forms.
/// </summary>
/// <remarks>
/// Shared source (cmd/shared, compiled into each program that reads the annotation): nsmctl, which runs annotated pods
/// itself, and cmd/admission-webhook-k8s, which gives them the nsc containers on a real cluster.
/// </remarks>
internal static partial class NsmAnnotation
{
    public const string Key = "networkservicemesh.io";

    /// <summary>Parses the annotation into items and the interface name each gets in the pod (nsm-1, nsm-2 … when not given).</summary>
    public static bool TryParse(string value, out List<(string Item, string Service, string Interface)> items, out string error)
    {
        items = [];
        error = "";
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            error = "empty: give a service name or a URL such as kernel://my-service/nsm-1";
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var fallback = $"nsm-{i + 1}";
            if (!part.Contains("://", StringComparison.Ordinal))
            {
                var name = part.Split('?')[0];
                if (!IsDnsName(name))
                {
                    error = $"'{part}' is not a service name or a URL such as kernel://my-service/nsm-1";
                    return false;
                }

                items.Add((part, name, fallback));
                continue;
            }

            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                error = $"'{part}' is not a URL such as kernel://my-service/nsm-1";
                return false;
            }

            var iface = uri.AbsolutePath.Trim('/');
            items.Add((part, uri.Host, iface.Length > 0 ? iface : fallback));
        }

        return true;
    }

    /// <summary>Gets a value indicating whether <paramref name="name"/> is a Kubernetes DNS subdomain name (lower case, at most 253).</summary>
    public static bool IsDnsName(string name) => name.Length <= 253 && DnsName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    private static partial Regex DnsName();
}
