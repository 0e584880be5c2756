using System.Text.RegularExpressions;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Maps container images to our programs: <c>ghcr.io/networkservicemesh/cmd-&lt;x&gt;</c> and
/// <c>ghcr.io/networkservicemesh/ci/cmd-&lt;x&gt;</c>, any tag or digest. Programs we do not have yet run their
/// kernel equivalent (with a warning); images that only make sense on Kubernetes are inert; other NSM images have
/// no program (the pod gets a reason). Our example images run too: a name ending in <c>ids-endpoint</c>
/// (<c>nsm-sdk/ids-endpoint:0.1.0</c>, a fork's <c>registry/org/ids-endpoint</c>) is examples/IdsEndpoint, and our
/// program images (<c>nsm-sdk/cmd-nsmgr:0.1.0</c>, any prefix) are their programs. Other images are never run.
/// The VPP forwarder and NSEs (<c>forwarder-vpp</c>, <c>nse-firewall-vpp</c>, <c>nse-vlan-vpp</c>) run our VPP programs when a VPP can be had
/// (<see cref="VppPresence"/>), else their kernel equivalents with a warning.
/// </summary>
internal static partial class ProgramCatalog
{
    /// <summary>The outcome for one image.</summary>
    /// <param name="IsNsmImage">Whether the image is one of NSM's.</param>
    /// <param name="Program">The program to run, or null.</param>
    /// <param name="Warning">Why a stand-in runs (e.g. the vpp forwarder as the kernel one), or null.</param>
    public sealed record Match(bool IsNsmImage, ProgramRole? Program, string? Warning);

    /// <summary>Finds the program of an image.</summary>
    /// <param name="image">The container's image.</param>
    /// <param name="vppAvailable">Whether a VPP can be had for this container (a <c>vpp</c> binary, or its external socket); null: no.</param>
    /// <returns>The outcome.</returns>
    public static Match Find(string image, Func<bool>? vppAvailable = null)
    {
        if (IdsImage().IsMatch(image))
        {
            return new Match(true, ProgramRole.IdsEndpoint, null);
        }

        var m = NsmImage().Match(image);
        if (!m.Success)
        {
            // Our own images (scripts/images.sh: <prefix>/cmd-<role>:<version>, e.g. the Helm chart's nsm-sdk/cmd-nsmgr)
            // under any registry prefix, for the roles we know.
            var own = OwnImage().Match(image);
            return own.Success && Of(own.Groups["x"].Value, vppAvailable) is { Program: not null } known ? known : new Match(false, null, null);
        }

        return Of(m.Groups["x"].Value, vppAvailable);
    }

    private static Match Of(string x, Func<bool>? vppAvailable) =>
        x switch
        {
            "registry-memory" or "registry" => new Match(true, ProgramRole.Registry, null),
            "registry-k8s" => new Match(true, ProgramRole.Registry, "cmd-registry-k8s runs as the memory registry (no Kubernetes API here)"),
            "nsmgr" => new Match(true, ProgramRole.Nsmgr, null),
            "forwarder-kernel" => new Match(true, ProgramRole.ForwarderKernel, null),
            "forwarder-vpp" when vppAvailable?.Invoke() == true => new Match(true, ProgramRole.ForwarderVpp, null),
            "forwarder-vpp" => new Match(true, ProgramRole.ForwarderKernel, "cmd-forwarder-vpp runs as forwarder-kernel (no vpp binary on PATH and no NSM_VPP_API_SOCKET socket here)"),
            "forwarder-ovs" or "forwarder-sriov" => new Match(true, ProgramRole.ForwarderKernel, $"cmd-{x} runs as forwarder-kernel"),
            "nse-icmp-responder" => new Match(true, ProgramRole.NseIcmpResponder, null),
            "nse-icmp-responder-vpp" => new Match(true, ProgramRole.NseIcmpResponder, "cmd-nse-icmp-responder-vpp runs as nse-icmp-responder (kernel)"),
            "nse-kernel" => new Match(true, ProgramRole.NseKernel, null),
            "nse-remote-vlan" => new Match(true, ProgramRole.NseKernel, "cmd-nse-remote-vlan runs as nse-kernel (its clients get a macvlan on the NSM_SERVICES via device; no VLAN tags)"),
            "nse-firewall" => new Match(true, ProgramRole.NseFirewall, null),
            "nse-firewall-vpp" when vppAvailable?.Invoke() == true => new Match(true, ProgramRole.NseFirewallVpp, null),
            "nse-vlan-vpp" when vppAvailable?.Invoke() == true => new Match(true, ProgramRole.NseVlanVpp, null),
            "nse-firewall-vpp" => new Match(true, ProgramRole.NseFirewall, "cmd-nse-firewall-vpp runs as nse-firewall (the kernel firewall: a bridge and nftables instead of VPP's ACL)"),
            "nse-vlan" => new Match(true, ProgramRole.NseVlan, null),
            "nse-vlan-vpp" => new Match(true, ProgramRole.NseVlan, "cmd-nse-vlan-vpp runs as nse-vlan (a Linux bridge; VLAN by BPF or a vlan link)"),
            "nsc" or "nsc-init" => new Match(true, ProgramRole.Nsc, null),
            "nsmgr-proxy" => new Match(true, ProgramRole.NsmgrProxy, null),
            "registry-proxy-dns" => new Match(true, ProgramRole.RegistryProxyDns, null),
            "nsc-vpp" => new Match(true, ProgramRole.Nsc, "cmd-nsc-vpp runs as nsc (kernel)"),
            "admission-webhook-k8s" => new Match(true, ProgramRole.Inert, null),
            "exclude-prefixes" or "exclude-prefixes-k8s" => new Match(true, ProgramRole.Inert, null),
            "site-gateway" => new Match(true, ProgramRole.Inert, "cmd-site-gateway is inert here: nsmctl runs the nsm-config tunnel itself, on the node with --site-address"),
            _ => new Match(true, null, null),
        };

    [GeneratedRegex(@"^(?:ghcr\.io/)?networkservicemesh/(?:ci/)?cmd-(?<x>[a-z0-9-]+)(?::[^@]*)?(?:@.*)?$")]
    private static partial Regex NsmImage();

    [GeneratedRegex(@"^(?:[^@]*/)?cmd-(?<x>[a-z0-9-]+)(?::[^@/]*)?(?:@.*)?$")]
    private static partial Regex OwnImage();

    [GeneratedRegex(@"^(?:[^@]*/)?[a-z0-9._-]*ids-endpoint(?::[^@/]*)?(?:@.*)?$")]
    private static partial Regex IdsImage();
}
