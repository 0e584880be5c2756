using System.Net;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>A tunnel whose two sides exchange keys (WireGuard public keys, IPsec certificates) in the mechanism.</summary>
public abstract class KeyedTunnelMechanism : TunnelMechanism
{
    /// <summary>Key of the client's key (base64).</summary>
    public const string SrcPublicKeyKey = "src_public_key";

    /// <summary>Key of the server's key (base64).</summary>
    public const string DstPublicKeyKey = "dst_public_key";

    /// <summary>Wraps <paramref name="mechanism"/>.</summary>
    /// <param name="mechanism">The mechanism.</param>
    protected KeyedTunnelMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Client key (<c>src_public_key</c>).</summary>
    public string SrcPublicKey
    {
        get => Get(SrcPublicKeyKey);
        set => Set(SrcPublicKeyKey, value);
    }

    /// <summary>Server key (<c>dst_public_key</c>).</summary>
    public string DstPublicKey
    {
        get => Get(DstPublicKeyKey);
        set => Set(DstPublicKeyKey, value);
    }

    /// <summary>Creates a client's REMOTE preference: <c>src_ip</c>, <c>src_port</c> and <c>src_public_key</c>.</summary>
    /// <param name="type">The mechanism type.</param>
    /// <param name="port">The tunnel port.</param>
    /// <param name="srcIP">The client's tunnel IP.</param>
    /// <param name="srcPublicKey">The client's key, base64.</param>
    /// <returns>The preference.</returns>
    protected static Mechanism NewClientPreference(string type, ushort port, IPAddress srcIP, string srcPublicKey)
    {
        ArgumentNullException.ThrowIfNull(srcIP);
        ArgumentNullException.ThrowIfNull(srcPublicKey);
        return Create(
            Cls.Remote,
            type,
            (CommonParameters.SrcIP, srcIP.ToString()),
            (CommonParameters.SrcPort, ParameterParsing.FormatUnsigned(port)),
            (SrcPublicKeyKey, srcPublicKey));
    }
}
