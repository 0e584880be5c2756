using System.Globalization;
using System.Text.RegularExpressions;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The guide's <c>nsm-forwarder-config</c> ConfigMap (namespace nsm-system, key <c>forwarder.yaml</c>, e.g.
/// <c>mtu: 9000</c> for jumbo frames): the built-in forwarder mounts it as a file and reads it; a forwarder pod that
/// does not mount it gets its MTU as <c>NSM_MTU</c>; applying a changed one restarts the forwarder pods.
/// </summary>
internal static partial class ForwarderConfig
{
    public const string Name = "nsm-forwarder-config";

    public static string? Mtu(Func<string, string, IReadOnlyDictionary<string, string>?> configMap) =>
        configMap(ControlPlane.Namespace, Name) is { } data && data.TryGetValue("forwarder.yaml", out var yaml) && MtuLine().Match(yaml) is { Success: true } m &&
        int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var mtu) && mtu is >= 68 and <= 65535
            ? mtu.ToString(CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"(?m)^\s*mtu:\s*""?([0-9]+)""?\s*$")]
    private static partial Regex MtuLine();
}
