using System.Net.NetworkInformation;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>One RTM_SETLINK change: any combination of the fields that are set.</summary>
internal readonly record struct LinkChange(string Operation)
{
    public bool? Up { get; init; }

    public int? Mtu { get; init; }

    public int? Master { get; init; }

    public string? NewName { get; init; }

    public NetNs? Namespace { get; init; }

    public string? Alias { get; init; }

    public PhysicalAddress? Mac { get; init; }
}
