using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Conntrack;

/// <summary>
/// Receives conntrack events of one network namespace over netlink (NETLINK_NETFILTER, the <c>NFNLGRP_CONNTRACK_*</c>
/// groups): every flow the kernel tracks there as it is confirmed, changes and ends, with its tuples, id, mark and
/// (when <c>net.netfilter.nf_conntrack_acct</c> is 1) packet and byte counters. No packet is copied to user space:
/// only the kernel's flow table reports. The kernel tracks a flow only where a rule uses conntrack (an nft
/// <c>ct</c> expression, NAT…); bridged packets only with br_netfilter on.
/// <para>When the socket's buffer overflows (a burst faster than the reader) the kernel drops events:
/// <see cref="Overruns"/> counts those moments and reading goes on.</para>
/// </summary>
public sealed class ConntrackListener : IDisposable
{
    private const int ReceiveBufferSize = 64 * 1024;
    private const int SocketBufferSize = 4 * 1024 * 1024;
    private const ConntrackEventType All = ConntrackEventType.New | ConntrackEventType.Update | ConntrackEventType.Destroy;

    private readonly Socket _socket;
    private long _overruns;
    private long _malformed;

    private ConntrackListener(Socket socket, ConntrackEventType events)
    {
        _socket = socket;
        Events = events;
    }

    /// <summary>Gets the events subscribed to.</summary>
    public ConntrackEventType Events { get; }

    /// <summary>Gets how often the kernel reported that events were lost (ENOBUFS: the socket buffer overflowed).</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Gets how many messages could not be parsed (and were skipped).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Subscribes to the conntrack events of a namespace.</summary>
    /// <param name="netNs">The namespace (the socket is created inside it and stays bound to it), or null for the calling thread's (on thread-pool threads: the process's).</param>
    /// <param name="events">The events to receive: any of New, Update, Destroy.</param>
    /// <param name="cancellationToken">Checked before the socket is opened.</param>
    /// <returns>The listener; dispose it to unsubscribe.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="events"/> is None or has unknown bits.</exception>
    /// <exception cref="NetlinkException">The socket cannot be opened or bound (e.g. no CAP_NET_ADMIN).</exception>
    public static async Task<ConntrackListener> OpenAsync(NetNs? netNs, ConntrackEventType events, CancellationToken cancellationToken = default)
    {
        if (events == ConntrackEventType.None || (events & ~All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(events), events, "subscribe to New, Update and/or Destroy");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fd = netNs is null ? OpenSocket(events) : await netNs.RunInAsync(() => OpenSocket(events), cancellationToken).ConfigureAwait(false);
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            return new ConntrackListener(new Socket(handle), events);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads events as they come, until cancelled (or the listener is disposed).</summary>
    /// <param name="cancellationToken">Ends the reading.</param>
    /// <returns>The events, in the order the kernel sent them.</returns>
    public async IAsyncEnumerable<ConntrackEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[ReceiveBufferSize];
        var events = new List<ConntrackEvent>();
        while (true)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.NoBufferSpaceAvailable)
            {
                Interlocked.Increment(ref _overruns);
                continue;
            }

            events.Clear();
            var malformed = ConntrackMessage.Parse(buffer.AsSpan(0, received), events);
            if (malformed > 0)
            {
                Interlocked.Add(ref _malformed, malformed);
            }

            foreach (var e in events)
            {
                yield return e;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    private static unsafe int OpenSocket(ConntrackEventType events)
    {
        var fd = LibC.Socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_NETFILTER);
        if (fd < 0)
        {
            throw new NetlinkException("socket", "NETLINK_NETFILTER", LibC.LastErrno);
        }

        var size = SocketBufferSize;
        if (LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, &size, sizeof(int)) < 0)
        {
            _ = LibC.SetSockOpt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &size, sizeof(int)); // without CAP_NET_ADMIN: up to rmem_max
        }

        // struct sockaddr_nl: family, pad, pid (0: the kernel assigns one), groups (bit g-1 for group g: NEW 1, UPDATE 2, DESTROY 3).
        Span<byte> address = stackalloc byte[12];
        address.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(address, LibC.AF_NETLINK);
        BinaryPrimitives.WriteUInt32LittleEndian(address[8..], (uint)events);
        fixed (byte* p = address)
        {
            if (LibC.Bind(fd, p, address.Length) < 0)
            {
                var errno = LibC.LastErrno;
                _ = LibC.Close(fd);
                throw new NetlinkException("bind conntrack groups", "NETLINK_NETFILTER", errno);
            }
        }

        return fd;
    }
}
