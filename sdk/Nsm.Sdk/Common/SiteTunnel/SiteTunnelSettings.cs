using System.Globalization;
using System.Net;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Common.SiteTunnel;

/// <summary>
/// The <c>tunnel</c> section of the guide's <c>nsm.yaml</c> (the <c>nsm-config</c> ConfigMap): a WireGuard tunnel
/// between this cluster's gateway and another cluster's. <c>type: wireguard</c> with <c>privateKey</c>,
/// <c>peerPublicKey</c> and <c>peerEndpoint</c> as the guide writes them; <c>routes</c> (ours, optional) lists the other
/// cluster's networks to send through the tunnel. The other cluster's registry (<c>registry.url</c>) is routed through
/// it as well.
/// </summary>
/// <param name="PrivateKey">This side's private key (base64, as <c>wg genkey</c> prints it).</param>
/// <param name="PeerPublicKey">The other side's public key (base64).</param>
/// <param name="PeerEndpoint">The other side's <c>host:port</c>; this side listens on the same port.</param>
public sealed record SiteTunnelSettings(string PrivateKey, string PeerPublicKey, string PeerEndpoint)
{
    /// <summary>Gets the other cluster's networks routed into the tunnel (<c>tunnel.routes</c>).</summary>
    public IReadOnlyList<IPNetwork> Routes { get; init; } = [];

    /// <summary>Gets <c>registry.url</c>, the other cluster's registry (its host is routed into the tunnel), or null.</summary>
    public Uri? RegistryUrl { get; init; }

    /// <summary>Gets the peer endpoint's host.</summary>
    public string PeerHost => PeerEndpoint[..PeerEndpoint.LastIndexOf(':')].Trim('[', ']');

    /// <summary>Gets the peer endpoint's port, which this side listens on too.</summary>
    public int PeerPort => int.Parse(PeerEndpoint[(PeerEndpoint.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Reads the tunnel out of the text of an <c>nsm.yaml</c>.</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The tunnel, or null when the file has no <c>tunnel</c> section.</returns>
    /// <exception cref="FormatException">The file or a field is wrong; the message names the field.</exception>
    public static SiteTunnelSettings? Parse(string text)
    {
        var root = YamlConfigFile.ReadMapping(text, "nsm.yaml must be a mapping (registry:, tunnel:)");
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode("tunnel"), out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return null;
        }

        if (node is not YamlMappingNode tunnel)
        {
            throw new FormatException("tunnel: must be a mapping (type:, privateKey:, peerPublicKey:, peerEndpoint:)");
        }

        var fields = YamlConfigFile.Scalars(tunnel);
        var type = fields.GetValueOrDefault("type") ?? throw new FormatException("tunnel.type: required (wireguard)");
        if (type != "wireguard")
        {
            throw new FormatException(type == "ipsec"
                ? "tunnel.type: ipsec is not supported here: use type: wireguard (privateKey, peerPublicKey, peerEndpoint)"
                : $"tunnel.type: unknown tunnel type '{type}' (supported: wireguard)");
        }

        var privateKey = Key(fields, "privateKey");
        var peerKey = Key(fields, "peerPublicKey");
        var endpoint = fields.GetValueOrDefault("peerEndpoint") ?? throw new FormatException("tunnel.peerEndpoint: required (the peer's host:port)");
        if (!IsHostPort(endpoint))
        {
            throw new FormatException($"tunnel.peerEndpoint: '{endpoint}' is not host:port");
        }

        var settings = new SiteTunnelSettings(privateKey, peerKey, endpoint)
        {
            Routes = YamlConfigFile.ScalarList(tunnel, "routes").Select(Cidr).ToArray(),
            RegistryUrl = Registry.Common.Federation.ClusterConfigFile.ParseRegistryUrl(text),
        };
        if (IPAddress.TryParse(settings.PeerHost, out var peer) && settings.Routes.Where(r => r.Contains(peer)).Select(r => (IPNetwork?)r).FirstOrDefault() is { } loop)
        {
            throw new FormatException($"tunnel.routes: {loop} contains the peer endpoint {peer}: its own packets would go into the tunnel");
        }

        return settings;
    }

    /// <inheritdoc/>
    public bool Equals(SiteTunnelSettings? other) =>
        other is not null && PrivateKey == other.PrivateKey && PeerPublicKey == other.PeerPublicKey && PeerEndpoint == other.PeerEndpoint
        && Routes.SequenceEqual(other.Routes) && RegistryUrl == other.RegistryUrl;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PrivateKey, PeerPublicKey, PeerEndpoint, Routes.Count, RegistryUrl);

    /// <summary>The settings without secrets, for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"wireguard to {PeerEndpoint} (peer key {PeerPublicKey}){(Routes.Count == 0 ? string.Empty : ", routes " + string.Join(", ", Routes))}";

    private static string Key(Dictionary<string, string> fields, string name)
    {
        var value = fields.GetValueOrDefault(name) ?? throw new FormatException($"tunnel.{name}: required for wireguard");
        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(value, bytes, out var written) && written == 32
            ? value
            : throw new FormatException($"tunnel.{name}: '{value}' is not a WireGuard key (32 bytes in base64, as `wg genkey` / `wg pubkey` print)");
    }

    private static IPNetwork Cidr(string? item, int index)
    {
        var slash = item?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && IPNetwork.TryParse(item, out var network) && network.BaseAddress.Equals(IPAddress.Parse(item![..slash]))
            ? network
            : throw new FormatException($"tunnel.routes[{index}]: '{item}' is not a CIDR (for example 172.31.222.0/24)");
    }

    private static bool IsHostPort(string text)
    {
        var cut = text.LastIndexOf(':');
        if (cut <= 0 || !int.TryParse(text[(cut + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        return Uri.CheckHostName(text[..cut].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
