using System.Net;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>One connection's WireGuard device: its pod side, its identity, its one peer, and whether to wait for the handshake.</summary>
/// <param name="Interface">The pod's interface.</param>
/// <param name="Identity">This side's key and port.</param>
/// <param name="PeerKey">The peer's public key.</param>
/// <param name="PeerEndpoint">The peer's tunnel IP and port.</param>
/// <param name="Mtu">The device's MTU.</param>
/// <param name="WaitForHandshake">Whether the Request waits for the handshake (the client's side, which knows the server's key last).</param>
internal sealed record WireGuardPlan(InterfacePlan Interface, WireGuardIdentity Identity, WireGuardKey PeerKey, IPEndPoint PeerEndpoint, int Mtu, bool WaitForHandshake)
{
    /// <summary>The prefix of the alias of the pod interfaces of WireGuard devices: the device's name follows.</summary>
    public const string AliasPrefix = "nsm wireguard ";

    /// <summary>
    /// Gets the public key this side advertised before a restart (the Request's <c>dst_public_key</c>), when the
    /// connection's identity was not kept here: a device in the pod with that key (and <see cref="Identity"/>'s port
    /// and this peer) is kept, with its private key.
    /// </summary>
    public WireGuardKey? AdoptKey { get; init; }

    /// <summary>Gets what the pod interface's alias records of the plan after the device's name (the pod side; keys and ports are read from the device).</summary>
    public string Signature => $"mtu {Mtu} [{string.Join(',', Interface.Addresses)}] routes {Interface.Routes.Count}";

    /// <summary>The alias of the pod interface of device <paramref name="deviceName"/>.</summary>
    public string AliasOf(string deviceName) => AliasPrefix + deviceName + " " + Signature;

    /// <summary>The device name an alias made by <see cref="AliasOf"/> for this plan records, or null when it is another plan's or none.</summary>
    public string? DeviceNameIn(string? alias)
    {
        if (alias is null || !alias.StartsWith(AliasPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = alias[AliasPrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && rest[(space + 1)..] == Signature ? rest[..space] : null;
    }

    public override string ToString() => $"wireguard {Interface.Name} (port {Identity.Port}, peer {PeerKey} at {PeerEndpoint}, MTU {Mtu}) in {Interface.NetNSUrl}";
}
