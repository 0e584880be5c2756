using System.Globalization;
using Nsm.Sdk.Api;
using Nsm.Sdk.Common;
using Nsm.Sdk.Ipam;
using YamlDotNet.RepresentationModel;

namespace Nsm.Sdk.Acl;

/// <summary>
/// Parses upstream's firewall ACL file (cmd-nse-firewall-vpp's <c>NSM_ACL_CONFIG_PATH</c>): a YAML mapping from a
/// free-form rule name to one VPP <c>acl_rule</c> whose keys are the Go field names lower-cased (<c>ispermit</c>,
/// <c>proto</c>, <c>srcprefix</c>, <c>dstprefix</c>, <c>srcportoricmptypefirst</c>/<c>last</c>,
/// <c>dstportoricmpcodefirst</c>/<c>last</c>, <c>tcpflagsmask</c>, <c>tcpflagsvalue</c>; VPP's snake_case names are
/// accepted too). Values mean what they mean to VPP: an omitted prefix is IPv4 <c>0.0.0.0/0</c>, an omitted port bound
/// is 0 (so <c>…last: 65535</c> is how a file says "any port"). The rules keep the order of the file; upstream reads
/// them into a Go map and installs them in random order, which this parser deliberately does not copy.
/// </summary>
public static class AclConfigFile
{
    private static readonly IpCidr AnyIPv4 = new(IpAddr.FromIPAddress(System.Net.IPAddress.Any), 0);

    /// <summary>Parses the file's text.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="origin">Where it came from (the path), for errors.</param>
    /// <returns>The rules in file order.</returns>
    /// <exception cref="AclRulesException">The file or a rule does not parse; the message names the line.</exception>
    public static AclRuleSet Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlMappingNode? root;
        try
        {
            root = YamlConfigFile.ReadMapping(text, "expected a mapping from rule names to rules");
        }
        catch (FormatException e)
        {
            throw new AclRulesException(origin, 1, e.Message);
        }

        if (root is null)
        {
            return AclRuleSet.Empty;
        }

        var rules = new List<AclRule>();
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            var line = (int)key.Start.Line;
            if (value is not YamlMappingNode fields)
            {
                throw new AclRulesException(origin, line, $"rule '{name}': expected a mapping of acl_rule fields (ispermit, proto, srcprefix, …)");
            }

            rules.Add(ParseRule(name, fields, origin, line));
        }

        return new AclRuleSet(rules);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules in file order.</returns>
    /// <exception cref="AclRulesException">The file does not parse.</exception>
    public static async Task<AclRuleSet> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(text, path);
    }

    private static AclRule ParseRule(string name, YamlMappingNode fields, string origin, int line)
    {
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        foreach (var (k, v) in fields.Children)
        {
            var key = ((k as YamlScalarNode)?.Value ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var keyLine = (int)k.Start.Line;
            if (v is not YamlScalarNode { Value: { } scalar })
            {
                throw new AclRulesException(origin, keyLine, $"rule '{name}': {key} must be a single value");
            }

            values[key] = (scalar, keyLine);
        }

        int Number(string key, int max)
        {
            if (!values.Remove(key, out var entry))
            {
                return 0;
            }

            return int.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max
                ? n
                : throw new AclRulesException(origin, entry.Line, $"rule '{name}': {key} '{entry.Value}' must be a number from 0 to {max}");
        }

        IpCidr Prefix(string key)
        {
            if (!values.Remove(key, out var entry))
            {
                return AnyIPv4;
            }

            return IpCidr.TryParse(entry.Value, out var cidr, out var problem)
                ? cidr
                : throw new AclRulesException(origin, entry.Line, $"rule '{name}': {key} '{entry.Value}' is not a CIDR ({problem})");
        }

        var permit = Number("ispermit", 2);
        var protocol = (byte)Number("proto", 255);
        var source = Prefix("srcprefix");
        var destination = Prefix("dstprefix");
        var sourcePorts = Range(Number("srcportoricmptypefirst", ushort.MaxValue), Number("srcportoricmptypelast", ushort.MaxValue), "srcportoricmptype");
        var destinationPorts = Range(Number("dstportoricmpcodefirst", ushort.MaxValue), Number("dstportoricmpcodelast", ushort.MaxValue), "dstportoricmpcode");
        var flagsMask = (byte)Number("tcpflagsmask", 255);
        var flagsValue = (byte)Number("tcpflagsvalue", 255);
        if (values.Count > 0)
        {
            var (key, (_, keyLine)) = values.First();
            throw new AclRulesException(origin, keyLine, $"rule '{name}': unknown field '{key}'; expected ispermit, proto, srcprefix, dstprefix, srcportoricmptypefirst, srcportoricmptypelast, dstportoricmpcodefirst, dstportoricmpcodelast, tcpflagsmask or tcpflagsvalue");
        }

        if (source.Family != destination.Family)
        {
            throw new AclRulesException(origin, line, $"rule '{name}': srcprefix {source} and dstprefix {destination} are of different address families (an omitted prefix is IPv4 0.0.0.0/0)");
        }

        return new AclRule((AclAction)permit, protocol, source, destination, sourcePorts, destinationPorts)
        {
            Name = name,
            Line = line,
            TcpFlagsMask = flagsMask,
            TcpFlagsValue = flagsValue,
        };

        PortRange Range(int first, int last, string key) => first <= last
            ? new PortRange((ushort)first, (ushort)last)
            : throw new AclRulesException(origin, line, $"rule '{name}': {key}first {first} is above {key}last {last}");
    }
}
