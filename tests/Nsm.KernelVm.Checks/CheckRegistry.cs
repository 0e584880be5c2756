using Nsm.KernelVm.Checks.Checks;

namespace Nsm.KernelVm.Checks;

/// <summary>Every check, in the order they run. A new check: a <see cref="KernelCheck"/> in Checks/ and one line here.</summary>
internal static class CheckRegistry
{
    public static IReadOnlyList<KernelCheck> All { get; } =
    [
        new WireGuardLinkCheck(),
        new GenericNetlinkFamilyCheck(),
        new KernelWireGuardTunnelCheck(),
        new KernelWireGuardWrongKeyCheck(),
        new KernelWireGuardAdoptCheck(),
    ];
}
