using System.Net;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>The URL a program tells others to reach it at, derived from where it listens (as upstream's nsmgr does).</summary>
public static class NsmPublicUrl
{
    /// <summary>The first <c>tcp://</c> listen URL (else the first one), with an unspecified host replaced by an interface address.</summary>
    /// <param name="listenOn">The listen URLs (at least one).</param>
    /// <returns>The public URL.</returns>
    public static Uri Resolve(IReadOnlyList<Uri> listenOn)
    {
        ArgumentNullException.ThrowIfNull(listenOn);
        ArgumentOutOfRangeException.ThrowIfZero(listenOn.Count);
        var url = listenOn.FirstOrDefault(u => !NsmUrl.IsUnix(u)) ?? listenOn[0];
        if (NsmUrl.IsUnix(url) || !IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) || !(ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            return url;
        }

        var address = HostAddresses.FirstNonLoopbackIPv4() ?? IPAddress.Loopback;
        return new Uri($"tcp://{address}:{url.Port}");
    }
}
