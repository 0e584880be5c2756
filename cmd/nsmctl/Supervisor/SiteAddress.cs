using System.Net;
using System.Net.Sockets;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>worker-1's address on the site network (<c>--site-address 203.0.113.50/24</c>), where another cluster's gateway reaches it.</summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The site network's prefix length.</param>
internal sealed record SiteAddress(IPAddress Address, int PrefixLength)
{
    public static SiteAddress Parse(string text)
    {
        var cut = text.IndexOf('/', StringComparison.Ordinal);
        if (cut <= 0 || !IPAddress.TryParse(text[..cut], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(cut + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            throw new ManifestException($"error: --site-address {text}: expected an IPv4 address with its prefix, e.g. 203.0.113.50/24");
        }

        return new SiteAddress(address, prefix);
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
