using System.Net;
using System.Security.Cryptography;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>The VXLAN mechanism (REMOTE, ETHERNET payload).</summary>
public sealed class VxlanMechanism : TunnelMechanism
{
    /// <summary>Mechanism type string.</summary>
    public const string MechanismType = "VXLAN";

    /// <summary>Key of the VXLAN network identifier (decimal, 24 bits).</summary>
    public const string VniKey = "vni";

    /// <summary>The VXLAN UDP port both sides use.</summary>
    public const ushort DefaultPort = 4789;

    private const uint VniMask = 0xFFFFFF;

    private VxlanMechanism(Mechanism mechanism)
        : base(mechanism)
    {
    }

    /// <summary>Creates the client's REMOTE VXLAN preference with <c>src_ip</c> and <c>src_port</c> = 4789.</summary>
    /// <param name="srcIP">The client's tunnel IP.</param>
    public static Mechanism New(IPAddress srcIP)
    {
        ArgumentNullException.ThrowIfNull(srcIP);
        return Create(
            Cls.Remote,
            MechanismType,
            (CommonParameters.SrcIP, srcIP.ToString()),
            (CommonParameters.SrcPort, ParameterParsing.FormatUnsigned(DefaultPort)));
    }

    /// <summary>Wraps <paramref name="mechanism"/>, or returns null when it is null or not VXLAN.</summary>
    /// <param name="mechanism">The mechanism.</param>
    public static VxlanMechanism? ToMechanism(Mechanism? mechanism) =>
        IsType(mechanism, MechanismType) ? new VxlanMechanism(mechanism!) : null;

    /// <summary>The VNI; an absent, invalid or over-24-bit value reads as 0.</summary>
    public uint Vni
    {
        get => (uint)ParameterParsing.ParseUnsigned(Get(VniKey), 24);
        set
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, VniMask);
            Set(VniKey, ParameterParsing.FormatUnsigned(value));
        }
    }

    /// <summary>
    /// Whether this side's VNI should be even: src is <c>orig_src_ip</c> or else <c>src_ip</c>, dst likewise;
    /// an unparseable src gives even, an unparseable dst gives odd, otherwise even iff src ≤ dst in 16-byte form.
    /// </summary>
    public bool EvenVni()
    {
        var src = SrcOriginalIP ?? SrcIP;
        var dst = DstOriginalIP ?? DstIP;
        if (src is null)
        {
            return true;
        }

        if (dst is null)
        {
            return false;
        }

        return To16(src).AsSpan().SequenceCompareTo(To16(dst)) <= 0;
    }

    /// <summary>
    /// A random 24-bit VNI of the parity chosen by <see cref="EvenVni"/>: <c>(2r) &amp; 0xFFFFFF</c> when even,
    /// <c>(2r+1) &amp; 0xFFFFFF</c> when odd. Returns 0 unless both <c>src_ip</c> and <c>dst_ip</c> are set.
    /// </summary>
    /// <param name="random">Random source for tests; cryptographic randomness when null.</param>
    public uint GenerateRandomVni(Random? random = null)
    {
        if (SrcIP is null || DstIP is null)
        {
            return 0;
        }

        uint r;
        if (random is null)
        {
            Span<byte> bytes = stackalloc byte[4];
            RandomNumberGenerator.Fill(bytes);
            r = BitConverter.ToUInt32(bytes);
        }
        else
        {
            r = (uint)random.NextInt64(0, 1L << 32);
        }

        var doubled = unchecked(2 * r);
        return (EvenVni() ? doubled : unchecked(doubled + 1)) & VniMask;
    }

    private static byte[] To16(IPAddress ip) => ip.MapToIPv6().GetAddressBytes();
}
