using System.Net;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The WIREGUARD mechanism (REMOTE, IP payload).</summary>
public sealed class WireguardMechanism : TunnelMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "WIREGUARD";

    /// <summary>Key of the client's public key (base64).</summary>
    public const string SrcPublicKeyKey = "src_public_key";

    /// <summary>Key of the server's public key (base64).</summary>
    public const string DstPublicKeyKey = "dst_public_key";

    /// <summary>The WireGuard UDP port both sides use.</summary>
    public const ushort DefaultPort = 51820;

    private WireguardMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates the client's REMOTE preference: <c>src_ip</c>, <c>src_port</c> = 51820 and <c>src_public_key</c>.</summary>
    /// <param name="srcIP">The client's tunnel IP.</param>
    /// <param name="srcPublicKey">The client's WireGuard public key, base64.</param>
    public static Mechanism New(IPAddress srcIP, string srcPublicKey)
    {
        ArgumentNullException.ThrowIfNull(srcIP);
        ArgumentNullException.ThrowIfNull(srcPublicKey);
        return Create(
            Cls.Remote,
            MechanismType,
            (CommonParameters.SrcIP, srcIP.ToString()),
            (CommonParameters.SrcPort, ParameterParsing.FormatUnsigned(DefaultPort)),
            (SrcPublicKeyKey, srcPublicKey));
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not WIREGUARD.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static WireguardMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new WireguardMechanism(mechanism!) : null;

    /// <summary>Client public key (<c>src_public_key</c>).</summary>
    public string SrcPublicKey
    {
        get => Get(SrcPublicKeyKey);
        set => Set(SrcPublicKeyKey, value);
    }

    /// <summary>Server public key (<c>dst_public_key</c>).</summary>
    public string DstPublicKey
    {
        get => Get(DstPublicKeyKey);
        set => Set(DstPublicKeyKey, value);
    }
}
