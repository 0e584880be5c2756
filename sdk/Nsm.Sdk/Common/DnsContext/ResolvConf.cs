using System.Text;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.DnsContext;

/// <summary>Rewrites a resolv.conf so that a local DNS proxy answers, keeping the original lines as marked comments.</summary>
internal static class ResolvConf
{
    /// <summary>Prefix of an original line commented out by the rewrite.</summary>
    public const string Marker = "#nsm# ";

    /// <summary>
    /// Restores a previous rewrite, comments out the original lines, appends <c>nameserver <paramref name="nameServer"/></c>,
    /// and returns the original name servers and search domains as a config (null when there are no name servers).
    /// </summary>
    public static DNSConfig? Rewrite(string path, string nameServer)
    {
        var original = File.Exists(path) ? Restore(File.ReadAllLines(path)) : [];
        var config = new DNSConfig();
        foreach (var line in original)
        {
            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts[0] == "nameserver")
            {
                config.DnsServerIps.Add(parts[1]);
            }
            else if (parts.Length > 1 && parts[0] is "search" or "domain")
            {
                config.SearchDomains.Add(parts.Skip(1));
            }
        }

        var text = new StringBuilder();
        foreach (var line in original)
        {
            text.Append(Marker).Append(line).Append('\n');
        }

        text.Append("nameserver ").Append(nameServer).Append('\n');
        File.WriteAllText(path, text.ToString());
        return config.DnsServerIps.Count > 0 ? config : null;
    }

    /// <summary>Returns the original lines of a file that may already have been rewritten.</summary>
    public static string[] Restore(string[] lines)
    {
        if (!lines.Any(l => l.StartsWith(Marker, StringComparison.Ordinal)))
        {
            return lines;
        }

        return [.. lines.Where(l => l.StartsWith(Marker, StringComparison.Ordinal)).Select(l => l[Marker.Length..])];
    }
}
