using System.Text;
using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// Persistent tap (or tun) devices. rtnetlink cannot create them, so this uses <c>/dev/net/tun</c>
/// (TUNSETIFF + TUNSETPERSIST) on a thread inside the target namespace. Delete them with
/// <see cref="NetlinkHandle.DeleteLinkAsync"/>.
/// </summary>
public static class TapDevice
{
    private const nuint TUNSETIFF = 0x400454ca;
    private const nuint TUNSETPERSIST = 0x400454cb;
    private const short IFF_TUN = 0x0001;
    private const short IFF_TAP = 0x0002;
    private const short IFF_NO_PI = 0x1000;

    /// <summary>Creates a persistent tap device (Ethernet frames, no packet info) in <paramref name="ns"/>.</summary>
    /// <param name="ns">The namespace to create it in.</param>
    /// <param name="name">The interface name (at most 15 characters).</param>
    /// <param name="tun">Create a tun (IP packets) device instead of a tap.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    public static Task CreateAsync(NetNs ns, string name, bool tun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) > 15)
        {
            throw new ArgumentException($"'{name}' is longer than 15 bytes", nameof(name));
        }

        return ns.RunInAsync(() => CreateHere(name, (short)((tun ? IFF_TUN : IFF_TAP) | IFF_NO_PI)), cancellationToken);
    }

    private static unsafe void CreateHere(string name, short flags)
    {
        var kind = (flags & IFF_TUN) != 0 ? "tun" : "tap";
        var fd = LibC.Open("/dev/net/tun", 2 /* O_RDWR */ | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new KernelException($"{kind} open /dev/net/tun", name, LibC.LastErrno);
        }

        try
        {
            byte* ifr = stackalloc byte[40]; // struct ifreq: char name[16]; short flags; padding
            new Span<byte>(ifr, 40).Clear();
            Encoding.UTF8.GetBytes(name, new Span<byte>(ifr, 15));
            *(short*)(ifr + 16) = flags;
            if (LibC.Ioctl(fd, TUNSETIFF, ifr) < 0)
            {
                throw new KernelException($"{kind} TUNSETIFF", name, LibC.LastErrno);
            }

            if (LibC.Ioctl(fd, TUNSETPERSIST, (void*)1) < 0)
            {
                throw new KernelException($"{kind} TUNSETPERSIST", name, LibC.LastErrno);
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }
}
