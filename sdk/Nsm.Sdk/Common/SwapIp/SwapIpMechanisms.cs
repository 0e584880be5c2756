using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.SwapIp;

/// <summary>The parameter swaps of <see cref="SwapIpServer"/> and <see cref="SwapIpClient"/> on the tunnel mechanisms (those with <c>src_ip</c>).</summary>
internal static class SwapIpMechanisms
{
    /// <summary>
    /// The source side's swap: on each tunnel mechanism (preferences and the current one) that has no
    /// <c>orig_src_ip</c> yet, <c>orig_src_ip</c> := <c>src_ip</c> and <c>src_ip</c> := its external address.
    /// </summary>
    /// <returns>Whether this hop is the source side (it swapped a mechanism).</returns>
    public static bool SwapSource(NetworkServiceRequest request, IpMap map, NsmContext context)
    {
        var source = false;
        foreach (var parameters in Tunnels(request))
        {
            if (!string.IsNullOrEmpty(parameters.GetValueOrDefault(CommonParameters.SrcOriginalIP)))
            {
                continue;
            }

            source = true;
            var inside = parameters[CommonParameters.SrcIP];
            var outside = map.ToExternal(inside);
            parameters[CommonParameters.SrcOriginalIP] = inside;
            parameters[CommonParameters.SrcIP] = outside;
            SwapIpLog.Swapped(context.Logger, request.Connection?.Id ?? string.Empty, CommonParameters.SrcIP, inside, outside);
        }

        return source;
    }

    /// <summary>The remote side's request: <c>dst_ip</c> and <c>orig_dst_ip</c> are removed, the remote forwarder picks its own.</summary>
    public static void ClearDestination(NetworkServiceRequest request)
    {
        foreach (var parameters in Tunnels(request))
        {
            parameters.Remove(CommonParameters.DstIP);
            parameters.Remove(CommonParameters.DstOriginalIP);
        }
    }

    /// <summary>The source side's response: <c>src_ip</c> := <c>orig_src_ip</c> again, <c>orig_src_ip</c> removed.</summary>
    public static Connection RestoreSource(Connection conn)
    {
        if (conn.Mechanism?.Parameters is not { } parameters || !parameters.TryGetValue(CommonParameters.SrcOriginalIP, out var inside))
        {
            return conn;
        }

        conn = conn.Clone();
        conn.Mechanism.Parameters.Remove(CommonParameters.SrcOriginalIP);
        if (inside.Length > 0)
        {
            conn.Mechanism.Parameters[CommonParameters.SrcIP] = inside;
        }

        return conn;
    }

    /// <summary>The remote side's response: <c>orig_dst_ip</c> := <c>dst_ip</c> and <c>dst_ip</c> := its external address.</summary>
    public static Connection SwapDestination(Connection conn, IpMap map, NsmContext context)
    {
        if (conn.Mechanism?.Parameters.GetValueOrDefault(CommonParameters.DstIP) is not { Length: > 0 } inside)
        {
            return conn;
        }

        var outside = map.ToExternal(inside);
        conn = conn.Clone();
        conn.Mechanism.Parameters[CommonParameters.DstOriginalIP] = inside;
        conn.Mechanism.Parameters[CommonParameters.DstIP] = outside;
        SwapIpLog.Swapped(context.Logger, conn.Id, CommonParameters.DstIP, inside, outside);
        return conn;
    }

    private static IEnumerable<Google.Protobuf.Collections.MapField<string, string>> Tunnels(NetworkServiceRequest request)
    {
        var current = request.Connection?.Mechanism;
        return request.MechanismPreferences.Append(current)
            .Where(m => m is not null && !string.IsNullOrEmpty(m.Parameters.GetValueOrDefault(CommonParameters.SrcIP)))
            .Select(m => m!.Parameters);
    }
}
