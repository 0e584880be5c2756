using System.Buffers.Binary;
using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>Requests to a namespace's conntrack table over ctnetlink.</summary>
public static class ConntrackTable
{
    /// <summary>
    /// Deletes tracked flows (<c>conntrack -F</c>, or <c>conntrack -D --mark</c> with a mark): each ends at once and a
    /// <see cref="ConntrackEventType.Destroy"/> event with its final counters goes to the listeners. A flow whose packets
    /// keep coming is tracked again as a new one (mid-stream TCP is picked up as established).
    /// </summary>
    /// <param name="netNs">The namespace, or null for the calling thread's (on thread-pool threads: the process's).</param>
    /// <param name="mark">Only flows with this mark (all bits compared), or null for every flow.</param>
    /// <param name="cancellationToken">Checked before the request is sent.</param>
    /// <returns>A task that completes when the kernel has deleted them.</returns>
    /// <exception cref="NetlinkException">The kernel rejected the request.</exception>
    public static Task FlushAsync(NetNs? netNs, uint? mark, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (netNs is null)
        {
            Flush(mark);
            return Task.CompletedTask;
        }

        return netNs.RunInAsync(() => Flush(mark), cancellationToken);
    }

    private static void Flush(uint? mark)
    {
        using var socket = NetlinkSocket.Open(NetlinkHandle.ReceiveTimeout, LibC.NETLINK_NETFILTER);
        Span<byte> buffer = stackalloc byte[64];
        var request = new NetlinkWriter(buffer, Ctnetlink.MsgDelete, Nl.NLM_F_ACK);
        request.Struct(0u); // nfgenmsg: AF_UNSPEC (every family), NFNETLINK_V0, res_id 0
        if (mark is { } m)
        {
            Span<byte> value = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, m);
            request.Attr(Ctnetlink.CTA_MARK, value);
            BinaryPrimitives.WriteUInt32BigEndian(value, uint.MaxValue);
            request.Attr(Ctnetlink.CTA_MARK_MASK, value);
        }

        socket.Execute(ref request, "IPCTNL_MSG_CT_DELETE", mark is null ? "conntrack table" : $"conntrack flows with mark 0x{mark:x}");
    }
}
