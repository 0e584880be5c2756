using System.Globalization;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using YamlDotNet.Core;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The guide's <c>nsm-config</c> ConfigMap (namespace nsm-system, key <c>nsm.yaml</c>): the registry URL of another
/// cluster and the WireGuard tunnel to it. apply checks it (bad YAML, an unknown or unsupported tunnel type, a missing
/// or malformed key, a bad endpoint fail the apply and name the field); it is stored and shown by get/describe. The
/// nsmgrs read <c>registry.url</c> from their mounted copy (federation); the supervisor runs the tunnel from worker-1's
/// site address (<see cref="SiteTunnel"/>).
/// </summary>
internal static class NsmConfig
{
    public const string Name = "nsm-config";

    public const string Key = "nsm.yaml";

    private const string At = "data[" + Key + "]";

    /// <summary>The tunnel types the guide names.</summary>
    public static readonly IReadOnlyList<string> TunnelTypes = ["wireguard", "ipsec"];

    /// <summary>What <c>nsm.yaml</c> says.</summary>
    /// <param name="RegistryUrl">registry.url, or null.</param>
    /// <param name="TunnelType">tunnel.type, or null without a tunnel.</param>
    /// <param name="PeerEndpoint">tunnel.peerEndpoint, or null.</param>
    public sealed record Settings(string? RegistryUrl, string? TunnelType, string? PeerEndpoint)
    {
        /// <summary>Gets tunnel.privateKey (base64), or null.</summary>
        public string? PrivateKey { get; init; }

        /// <summary>Gets tunnel.peerPublicKey (base64), or null.</summary>
        public string? PeerPublicKey { get; init; }
    }

    public static bool Applies(string ns, string name) => ns == ControlPlane.Namespace && name == Name;

    /// <summary>Checks a ConfigMap's data; problems are reported with the field under <c>data[nsm.yaml]</c>.</summary>
    public static Settings? Check(IReadOnlyDictionary<string, string> data, Action<string, string> error, Action<string, string> warning)
    {
        if (!data.TryGetValue(Key, out var text))
        {
            warning(At, "missing: nsm-config says nothing without it");
            return null;
        }

        JsonNode? root;
        try
        {
            root = YamlToJson.ParseAll(text).FirstOrDefault();
        }
        catch (YamlException ex)
        {
            error(At, $"not valid YAML: {ex.Message} (line {ex.Start.Line})");
            return null;
        }

        if (root is null)
        {
            return new Settings(null, null, null);
        }

        if (root is not JsonObject config)
        {
            error(At, "must be a map (registry:, tunnel:)");
            return null;
        }

        foreach (var (key, _) in config.Where(kv => kv.Key is not ("registry" or "tunnel")))
        {
            warning($"{At}.{key}", "unknown field; ignored");
        }

        var url = Registry(config["registry"], error);
        var (type, endpoint) = Tunnel(config["tunnel"], error);
        return new Settings(url, type, endpoint)
        {
            PrivateKey = Json.String(config["tunnel"]?["privateKey"]),
            PeerPublicKey = Json.String(config["tunnel"]?["peerPublicKey"]),
        };
    }

    /// <summary>The settings of a stored (already checked) ConfigMap, or null when it has none.</summary>
    public static Settings? Read(IReadOnlyDictionary<string, string> data) => Check(data, (_, _) => { }, (_, _) => { });

    /// <summary>The parsed settings as <c>get -o yaml</c> and <c>describe</c> show them (no keys), with what acts on them.</summary>
    public static JsonObject Status(Settings settings, string tunnelState) => new()
    {
        ["registryUrl"] = settings.RegistryUrl,
        ["tunnel"] = settings.TunnelType is null ? null : new JsonObject { ["type"] = settings.TunnelType, ["peerEndpoint"] = settings.PeerEndpoint, ["state"] = tunnelState },
    };

    private static string? Registry(JsonNode? node, Action<string, string> error)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject registry)
        {
            error($"{At}.registry", "must be a map (url:)");
            return null;
        }

        if (registry["url"] is null)
        {
            error($"{At}.registry.url", "required");
            return null;
        }

        var url = Json.String(registry["url"]);
        if (url is null || !IsRegistryUrl(url))
        {
            error($"{At}.registry.url", $"'{url}' is not a registry URL (tcp://host:port, unix:///path or host:port)");
            return null;
        }

        return url;
    }

    private static (string? Type, string? Endpoint) Tunnel(JsonNode? node, Action<string, string> error)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonObject tunnel)
        {
            error($"{At}.tunnel", "must be a map (type:, peerEndpoint: …)");
            return (null, null);
        }

        var type = Json.String(tunnel["type"]);
        if (type is null)
        {
            error($"{At}.tunnel.type", $"required: {string.Join(" or ", TunnelTypes)}");
            return (null, null);
        }

        if (!TunnelTypes.Contains(type))
        {
            error($"{At}.tunnel.type", $"unknown tunnel type '{type}' (supported: wireguard)");
            return (null, null);
        }

        if (type != "wireguard")
        {
            error($"{At}.tunnel.type", $"{type} is not supported here: use type: wireguard (privateKey, peerPublicKey, peerEndpoint)");
            return (null, null);
        }

        var endpoint = Json.String(tunnel["peerEndpoint"]);
        if (endpoint is null)
        {
            error($"{At}.tunnel.peerEndpoint", "required: the peer's host:port");
        }
        else if (!IsHostPort(endpoint))
        {
            error($"{At}.tunnel.peerEndpoint", $"'{endpoint}' is not host:port");
        }

        foreach (var key in new[] { "privateKey", "peerPublicKey" })
        {
            if (Json.String(tunnel[key]) is not { Length: > 0 } value)
            {
                error($"{At}.tunnel.{key}", "required for wireguard");
            }
            else if (!IsWireGuardKey(value))
            {
                error($"{At}.tunnel.{key}", $"'{value}' is not a WireGuard key (32 bytes in base64, as `wg genkey` / `wg pubkey` print)");
            }
        }

        return (type, endpoint);
    }

    private static bool IsRegistryUrl(string url)
    {
        if (url.StartsWith("unix:///", StringComparison.Ordinal))
        {
            return url.Length > "unix:///".Length;
        }

        var rest = url.StartsWith("tcp://", StringComparison.Ordinal) ? url["tcp://".Length..] : url.Contains("://", StringComparison.Ordinal) ? null : url;
        return rest is not null && IsHostPort(rest);
    }

    private static bool IsHostPort(string text)
    {
        var cut = text.LastIndexOf(':');
        if (cut <= 0 || !int.TryParse(text[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..cut].Trim('[', ']');
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }

    private static bool IsWireGuardKey(string value)
    {
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32;
    }
}
