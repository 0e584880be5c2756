using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>
/// A client of the kernel's <c>wireguard</c> generic netlink family in one network namespace: configures
/// (<c>WG_CMD_SET_DEVICE</c>) and reads back (<c>WG_CMD_GET_DEVICE</c>, a dump) the kernel WireGuard interfaces of that
/// namespace. Opening it fails with "the kernel has no generic netlink family wireguard" where the module is missing.
/// </summary>
public sealed class WireGuardNetlink : IDisposable
{
    private readonly GenericNetlinkHandle _handle;

    private WireGuardNetlink(GenericNetlinkHandle handle, GenericNetlinkFamily family)
    {
        _handle = handle;
        Family = family;
    }

    /// <summary>Gets the resolved family (its id is the message type of the requests).</summary>
    public GenericNetlinkFamily Family { get; }

    /// <summary>Opens a client for the interfaces of <paramref name="netNs"/> (null: the calling thread's namespace).</summary>
    /// <param name="netNs">The namespace, or null.</param>
    /// <param name="cancellationToken">Cancels the opening.</param>
    /// <exception cref="NetlinkException">The kernel has no <c>wireguard</c> family, or the socket cannot be opened.</exception>
    public static async Task<WireGuardNetlink> OpenAsync(NetNs? netNs, CancellationToken cancellationToken = default)
    {
        var handle = netNs is null ? GenericNetlinkHandle.Open() : await netNs.OpenGenericNetlinkAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var family = await handle.ResolveFamilyAsync(WgGenl.FamilyName, cancellationToken).ConfigureAwait(false);
            return new WireGuardNetlink(handle, family);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Applies <paramref name="settings"/> in one <c>WG_CMD_SET_DEVICE</c>.</summary>
    /// <param name="settings">The device and what to set.</param>
    /// <param name="cancellationToken">Checked before the request is sent.</param>
    /// <exception cref="ArgumentException">A key is not 32 bytes.</exception>
    /// <exception cref="NetlinkException">The kernel refused (e.g. ENODEV: no such WireGuard interface; EADDRINUSE: the port is taken).</exception>
    public Task SetDeviceAsync(WireGuardNetlinkSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var familyId = Family.Id;
        return _handle.ExecuteAsync(
            (settings, familyId),
            WireGuardNetlinkCodec.SetBufferSize(settings),
            static (buffer, a) => WireGuardNetlinkCodec.WriteSet(buffer, a.familyId, a.settings),
            "WG_CMD_SET_DEVICE",
            settings.InterfaceName,
            cancellationToken);
    }

    /// <summary>Reads the interface <paramref name="interfaceName"/>'s settings and peers (<c>WG_CMD_GET_DEVICE</c>).</summary>
    /// <param name="interfaceName">The interface name in the namespace of the client.</param>
    /// <param name="cancellationToken">Checked before the request is sent.</param>
    /// <exception cref="NetlinkException">The kernel refused (ENODEV: no such interface; EOPNOTSUPP: it is not a WireGuard interface).</exception>
    public async Task<WireGuardNetlinkDevice> GetDeviceAsync(string interfaceName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        var parser = new WireGuardDumpParser();
        await _handle.QueryAsync(
            (interfaceName, Family.Id),
            128,
            static (buffer, a) => WireGuardNetlinkCodec.WriteGet(buffer, a.Id, a.interfaceName),
            "WG_CMD_GET_DEVICE",
            interfaceName,
            parser,
            static (_, payload, p) => p.Add(payload),
            cancellationToken).ConfigureAwait(false);
        return parser.Device ?? throw new NetlinkException($"WG_CMD_GET_DEVICE {interfaceName}: the kernel answered no device");
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
