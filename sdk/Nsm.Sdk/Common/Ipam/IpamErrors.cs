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
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw status;
        }
    }

    /// <summary>Runs an asynchronous allocation (e.g. one that probes the network), mapped as <see cref="Run{T}"/>.</summary>
    public static async ValueTask<T> RunAsync<T>(Func<ValueTask<T>> allocate)
    {
        try
        {
            return await allocate().ConfigureAwait(false);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw status;
        }
    }

    private static NsmStatusException? ToStatus(Exception e) => e switch
    {
        InvalidCidrException => new NsmStatusException(StatusCode.InvalidArgument, $"IPAM: bad excluded prefix: {e.Message}", e),
        IpamExhaustedException => new NsmStatusException(StatusCode.ResourceExhausted, e.Message, e),
        IpamException => new NsmStatusException(StatusCode.FailedPrecondition, e.Message, e),
        _ => null,
    };

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
