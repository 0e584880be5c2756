using System.Globalization;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NseKernel;

/// <summary>
/// One entry of cmd-nse-remote-vlan's <c>NSM_SERVICES</c>: <c>name { vlan: 100; via: gw1; labels: a=b&amp;c=d; domain: x }</c>
/// (entries separated by commas).
/// </summary>
/// <param name="Name">The network service.</param>
/// <param name="VlanTag">The VLAN tag (0: untagged).</param>
/// <param name="Via">Upstream: the forwarder's device selector label; here the device name when NSM_DEVICE_NAME is unset.</param>
/// <param name="Labels">The labels registered for the service.</param>
internal sealed record RemoteVlanService(string Name, int VlanTag, string Via, IReadOnlyDictionary<string, string> Labels)
{
    private const string Variable = "NSM_SERVICES";

    public static IReadOnlyList<RemoteVlanService> ParseAll(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. SplitEntries(text).Select(Parse)];

    public static RemoteVlanService Parse(string text)
    {
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        var name = open < 0 ? string.Empty : text[..open].Trim();
        if (open < 0 || close < open || name.Length == 0)
        {
            throw new NsmConfigurationException($"{Variable}: '{text}' is not 'name {{ via: gw1; vlan: 0; labels: k=v&k2=v2 }}'");
        }

        int vlan = 0;
        var via = string.Empty;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text[(open + 1)..close].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? part : part[..colon].Trim();
            var value = colon < 0 ? string.Empty : part[(colon + 1)..].Trim();
            switch (key)
            {
                case "vlan" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out vlan) && vlan is >= 0 and <= 4095:
                    break;
                case "via":
                    via = value;
                    break;
                case "domain":
                    break;
                case "labels":
                    foreach (var pair in value.Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var eq = pair.IndexOf('=', StringComparison.Ordinal);
                        if (eq <= 0)
                        {
                            throw new NsmConfigurationException($"{Variable}: '{pair}' in '{text}' is not key=value");
                        }

                        labels[pair[..eq]] = pair[(eq + 1)..];
                    }

                    break;
                default:
                    throw new NsmConfigurationException($"{Variable}: '{part}' in '{text}' is not vlan (0-4095), via, labels or domain");
            }
        }

        return new RemoteVlanService(name, vlan, via, labels);
    }

    // Commas separate entries, but only outside the braces.
    private static IEnumerable<string> SplitEntries(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        if (text[start..].Trim().Length > 0)
        {
            yield return text[start..];
        }
    }
}
