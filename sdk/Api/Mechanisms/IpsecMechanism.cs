using System.Net;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The IPSEC mechanism (REMOTE, IP payload, IKEv2 with certificates as "public keys").</summary>
public sealed class IpsecMechanism : TunnelMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "IPSEC";

    /// <summary>Key of the client's base64 certificate.</summary>
    public const string SrcPublicKeyKey = "src_public_key";

    /// <summary>Key of the server's base64 certificate.</summary>
    public const string DstPublicKeyKey = "dst_public_key";

    /// <summary>The IPsec NAT-T UDP port both sides use.</summary>
    public const ushort DefaultPort = 4500;

    private IpsecMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates the client's REMOTE preference: <c>src_ip</c>, <c>src_port</c> = 4500 and <c>src_public_key</c>.</summary>
    /// <param name="srcIP">The client's tunnel IP.</param>
    /// <param name="srcPublicKey">The client's certificate, base64.</param>
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

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not IPSEC.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static IpsecMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new IpsecMechanism(mechanism!) : null;

    /// <summary>Client certificate (<c>src_public_key</c>).</summary>
    public string SrcPublicKey
    {
        get => Get(SrcPublicKeyKey);
        set => Set(SrcPublicKeyKey, value);
    }

    /// <summary>Server certificate (<c>dst_public_key</c>).</summary>
    public string DstPublicKey
    {
        get => Get(DstPublicKeyKey);
        set => Set(DstPublicKeyKey, value);
    }
}
