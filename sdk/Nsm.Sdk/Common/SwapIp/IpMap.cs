using System.Net;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Common.SwapIp;

/// <summary>
/// Upstream's <c>map-ip.yaml</c> as one immutable snapshot: a YAML mapping from internal IP (a node's address inside
/// its cluster) to external IP (the address other clusters reach it at), read both ways. Addresses are compared in
/// their canonical form (<c>2001:DB8::1</c> and <c>2001:db8::1</c> are one). When several internal addresses share one
/// external address (nodes behind one NAT address), the external address maps back to the first of them.
/// </summary>
public sealed class IpMap
{
    private readonly Dictionary<string, string> _toExternal = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toInternal = new(StringComparer.Ordinal);

    /// <summary>Creates a map.</summary>
    /// <param name="internalToExternal">The entries, internal → external; both sides are IP addresses.</param>
    /// <exception cref="FormatException">A side is not an IP address.</exception>
    public IpMap(IEnumerable<KeyValuePair<string, string>> internalToExternal)
    {
        ArgumentNullException.ThrowIfNull(internalToExternal);
        foreach (var (inside, outside) in internalToExternal)
        {
            var key = Canonical(inside) ?? throw new FormatException($"'{inside}' is not an IP address");
            var value = Canonical(outside) ?? throw new FormatException($"{key}: '{outside}' is not an IP address");
            _toExternal[key] = value;
            _toInternal.TryAdd(value, key);
        }
    }

    /// <summary>Gets the map with no entries: every address stays as it is.</summary>
    public static IpMap Empty { get; } = new([]);

    /// <summary>Gets the number of entries (internal addresses).</summary>
    public int Count => _toExternal.Count;

    /// <summary>Parses the text of a <c>map-ip.yaml</c> (<c>10.0.0.5: 203.0.113.5</c>, one entry a line).</summary>
    /// <param name="text">The YAML; an empty document is an empty map.</param>
    /// <returns>The map.</returns>
    /// <exception cref="FormatException">The text is not a YAML mapping from IP addresses to IP addresses.</exception>
    public static IpMap Parse(string text)
    {
        var root = YamlConfigFile.ReadMapping(text, "the IP map must be a mapping from internal to external IP addresses");
        if (root is null)
        {
            return Empty;
        }

        return new IpMap(root.Children.Select(entry => entry is (YamlScalarNode { Value: { } key }, YamlScalarNode { Value: { } value })
            ? KeyValuePair.Create(key, value)
            : throw new FormatException($"line {entry.Key.Start.Line}: expected '<internal IP>: <external IP>'")));
    }

    /// <summary>Gets the external address of <paramref name="ip"/>, or <paramref name="ip"/> itself when the map has no entry for it.</summary>
    /// <param name="ip">An internal address.</param>
    /// <returns>The external address.</returns>
    public string ToExternal(string ip) => Lookup(_toExternal, ip) ?? ip;

    /// <summary>Gets the internal address of <paramref name="ip"/>, or <paramref name="ip"/> itself when no entry maps to it.</summary>
    /// <param name="ip">An external address.</param>
    /// <returns>The internal address.</returns>
    public string ToInternal(string ip) => Lookup(_toInternal, ip) ?? ip;

    /// <summary>
    /// Swaps an address either way: an internal address becomes its external one, else an external address becomes
    /// its internal one, else it stays (upstream's one map read both ways, as <c>cmd-map-ip-k8s</c> writes it).
    /// </summary>
    /// <param name="ip">The address.</param>
    /// <returns>The swapped address.</returns>
    public string Swap(string ip) => Lookup(_toExternal, ip) ?? Lookup(_toInternal, ip) ?? ip;

    private static string? Lookup(Dictionary<string, string> map, string ip) =>
        map.Count > 0 && Canonical(ip) is { } key && map.TryGetValue(key, out var found) ? found : null;

    private static string? Canonical(string? ip) =>
        ip is not null && (ip.Contains('.', StringComparison.Ordinal) || ip.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(ip.Trim(), out var address)
            ? address.ToString()
            : null;
}
