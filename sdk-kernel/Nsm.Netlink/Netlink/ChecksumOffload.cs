using System.Text;
using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// Turns a link's transmit and receive checksum offload off (ethtool's <c>ETHTOOL_STXCSUM</c> and <c>ETHTOOL_SRXCSUM</c>
/// through the <c>SIOCETHTOOL</c> ioctl; rtnetlink cannot). A veth that VPP reads with af_packet needs this: with offload
/// on, the kernel hands af_packet TCP and UDP packets whose checksum is only partial, and VPP forwards them that way.
/// </summary>
public static class ChecksumOffload
{
    private const nuint SIOCETHTOOL = 0x8946;
    private const uint ETHTOOL_SRXCSUM = 0x15;
    private const uint ETHTOOL_STXCSUM = 0x17;

    /// <summary>Turns off transmit and receive checksum offload of <paramref name="name"/> in <paramref name="ns"/>.</summary>
    /// <param name="ns">The link's namespace.</param>
    /// <param name="name">The link's name.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>A task that completes when both are off.</returns>
    /// <exception cref="KernelException">The link is not there, or refuses.</exception>
    public static Task DisableAsync(NetNs ns, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > 15)
        {
            throw new ArgumentException($"'{name}' is longer than 15 bytes", nameof(name));
        }

        return ns.RunInAsync(() => DisableHere(name), cancellationToken);
    }

    private static unsafe void DisableHere(string name)
    {
        var fd = LibC.Socket(2 /* AF_INET */, 2 /* SOCK_DGRAM */ | 0x80000 /* SOCK_CLOEXEC */, 0);
        if (fd < 0)
        {
            throw new KernelException("ethtool socket", name, LibC.LastErrno);
        }

        try
        {
            Set(fd, name, ETHTOOL_STXCSUM, "tx-checksumming off");
            Set(fd, name, ETHTOOL_SRXCSUM, "rx-checksumming off");
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private static unsafe void Set(int fd, string name, uint command, string what)
    {
        uint* value = stackalloc uint[2]; // struct ethtool_value { u32 cmd; u32 data; }
        value[0] = command;
        value[1] = 0;
        byte* ifr = stackalloc byte[40]; // struct ifreq: char name[16]; void *ifr_data
        new Span<byte>(ifr, 40).Clear();
        Encoding.UTF8.GetBytes(name, new Span<byte>(ifr, 15));
        *(void**)(ifr + 16) = value;
        if (LibC.Ioctl(fd, SIOCETHTOOL, ifr) < 0)
        {
            throw new KernelException($"ethtool {what}", name, LibC.LastErrno);
        }
    }
}
