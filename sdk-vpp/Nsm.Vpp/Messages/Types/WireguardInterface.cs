using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>wireguard_interface</c> (91 bytes).</summary>
public sealed class WireguardInterface
{
    /// <summary>The wire size.</summary>
    public const int Size = 91;

    /// <summary>Gets or sets the instance (<c>~0</c> = allocate; the default).</summary>
    public uint UserInstance { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the interface (ignored on create).</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the raw 32-byte private key.</summary>
    public byte[] PrivateKey { get; set; } = new byte[32];

    /// <summary>Gets or sets the raw 32-byte public key.</summary>
    public byte[] PublicKey { get; set; } = new byte[32];

    /// <summary>Gets or sets the UDP listen port.</summary>
    public ushort Port { get; set; }

    /// <summary>Gets or sets the source address.</summary>
    public VppAddress SrcIp { get; set; }

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(UserInstance);
        writer.U32(SwIfIndex);
        writer.Bytes(PrivateKey, 32);
        writer.Bytes(PublicKey, 32);
        writer.U16(Port);
        SrcIp.Write(writer);
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static WireguardInterface Read(ref VppReader reader)
    {
        var value = new WireguardInterface();
        value.UserInstance = reader.U32();
        value.SwIfIndex = reader.U32();
        value.PrivateKey = reader.Bytes(32);
        value.PublicKey = reader.Bytes(32);
        value.Port = reader.U16();
        value.SrcIp = VppAddress.Read(ref reader);
        return value;
    }
}
