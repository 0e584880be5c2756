using Grpc.Core;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam;

/// <summary>Maps allocator failures to the gRPC status the caller receives.</summary>
internal static class IpamErrors
{
    /// <summary>Runs an allocation, turning IPAM exceptions into <see cref="NsmStatusException"/>.</summary>
    public static T Run<T>(Func<T> allocate)
    {
        try
        {
            return allocate();
        }
        catch (InvalidCidrException e)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, $"IPAM: bad excluded prefix: {e.Message}", e);
        }
        catch (IpamExhaustedException e)
        {
            throw new NsmStatusException(StatusCode.ResourceExhausted, e.Message, e);
        }
        catch (IpamException e)
        {
            throw new NsmStatusException(StatusCode.FailedPrecondition, e.Message, e);
        }
    }

    /// <summary>Requires a connection id (the allocation key).</summary>
    public static string RequireId(string? id) =>
        string.IsNullOrEmpty(id)
            ? throw new NsmStatusException(StatusCode.InvalidArgument, "IPAM: the connection has no id")
            : id;

    /// <summary>Parses configured CIDRs strictly; the exception names the bad value.</summary>
    public static IpCidr[] ParsePrefixes(IEnumerable<string>? cidrs, string paramName)
    {
        var list = cidrs?.ToArray() ?? [];
        if (list.Length == 0)
        {
            throw new ArgumentException("IPAM: required one or more prefixes.", paramName);
        }

        return IpamValidation.ParseCidrs(list, paramName);
    }
}
