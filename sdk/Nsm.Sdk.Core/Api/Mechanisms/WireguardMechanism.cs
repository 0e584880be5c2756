using System.Net;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The WIREGUARD mechanism (REMOTE, IP payload; the keys are WireGuard public keys, base64).</summary>
public sealed class WireguardMechanism : KeyedTunnelMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "WIREGUARD";

    /// <summary>The UDP port both sides use.</summary>
    public const ushort DefaultPort = 51820;

    private WireguardMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates the client's REMOTE preference: <c>src_ip</c>, <c>src_port</c> = 51820 and <c>src_public_key</c>.</summary>
    /// <param name="srcIP">The client's tunnel IP.</param>
    /// <param name="srcPublicKey">The client's WireGuard public key, base64.</param>
    /// <returns>The preference.</returns>
    public static Mechanism New(IPAddress srcIP, string srcPublicKey) => NewClientPreference(MechanismType, DefaultPort, srcIP, srcPublicKey);

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not WIREGUARD.</summary>
    /// <param name="mechanism">The mechanism.</param>
    /// <returns>The wrapper, or null.</returns>
    public static WireguardMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new WireguardMechanism(mechanism!) : null;
}
