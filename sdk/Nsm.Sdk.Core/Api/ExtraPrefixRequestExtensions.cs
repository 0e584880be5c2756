using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api;

/// <summary>Validation of <see cref="ExtraPrefixRequest"/>.</summary>
public static class ExtraPrefixRequestExtensions
{
    /// <summary>
    /// False when the request is null, either number is below 1, required exceeds requested, the prefix length is
    /// below 1, the address family is missing, or the prefix length exceeds 32 (IPv4) or 128 (IPv6).
    /// </summary>
    /// <param name="request">The request.</param>
    public static bool IsValid(this ExtraPrefixRequest? request)
    {
        if (request is null || request.RequiredNumber < 1 || request.RequestedNumber < 1)
        {
            return false;
        }

        if (request.RequiredNumber > request.RequestedNumber || request.PrefixLen < 1 || request.AddrFamily is null)
        {
            return false;
        }

        var max = request.AddrFamily.Family == IpFamily.Types.Family.Ipv6 ? 128u : 32u;
        return request.PrefixLen <= max;
    }
}
