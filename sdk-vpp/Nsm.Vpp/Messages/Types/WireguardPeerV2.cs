using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>wireguard_peer_v2</c> (100 bytes + 18 per allowed prefix): <see cref="WireguardPeer"/> with a preshared key.</summary>
public sealed class WireguardPeerV2
{
    /// <summary>Gets or sets <c>peer_index</c>.</summary>
    public uint PeerIndex { get; set; }

    /// <summary>Gets or sets the raw 32-byte preshared key.</summary>
    public byte[] PresharedKey { get; set; } = new byte[32];

    /// <summary>Gets or sets whether <see cref="PresharedKey"/> is used.</summary>
    public bool PresharedKeySet { get; set; }

    /// <summary>Gets or sets the peer's raw 32-byte public key.</summary>
    public byte[] PublicKey { get; set; } = new byte[32];

    /// <summary>Gets or sets the peer's UDP port.</summary>
    public ushort Port { get; set; }

    /// <summary>Gets or sets the keepalive interval in seconds (0 = off).</summary>
    public ushort PersistentKeepalive { get; set; }

    /// <summary>Gets or sets <c>table_id</c>.</summary>
    public uint TableId { get; set; }

    /// <summary>Gets or sets the peer's address.</summary>
    public VppAddress Endpoint { get; set; }

    /// <summary>Gets or sets the WireGuard interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the status flags (u8).</summary>
    public WireguardPeerFlags Flags { get; set; }

    /// <summary>Gets or sets the prefixes routed to the peer (<c>n_allowed_ips</c> is written from the count).</summary>
    public IReadOnlyList<VppPrefix> AllowedIps { get; set; } = [];

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(PeerIndex);
        writer.Bytes(PresharedKey, 32);
        writer.Bool(PresharedKeySet);
        writer.Bytes(PublicKey, 32);
        writer.U16(Port);
        writer.U16(PersistentKeepalive);
        writer.U32(TableId);
        Endpoint.Write(writer);
        writer.U32(SwIfIndex);
        writer.U8((byte)Flags);
        writer.U8(Wire.CountU8(AllowedIps.Count, nameof(AllowedIps)));
        foreach (var item in AllowedIps)
        {
            item.Write(writer);
        }
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static WireguardPeerV2 Read(ref VppReader reader)
    {
        var value = new WireguardPeerV2();
        value.PeerIndex = reader.U32();
        value.PresharedKey = reader.Bytes(32);
        value.PresharedKeySet = reader.Bool();
        value.PublicKey = reader.Bytes(32);
        value.Port = reader.U16();
        value.PersistentKeepalive = reader.U16();
        value.TableId = reader.U32();
        value.Endpoint = VppAddress.Read(ref reader);
        value.SwIfIndex = reader.U32();
        value.Flags = (WireguardPeerFlags)reader.U8();
        var nAllowedIps = reader.U8();
        value.AllowedIps = Wire.ReadList(ref reader, nAllowedIps, 18, VppPrefix.Read);
        return value;
    }
}
