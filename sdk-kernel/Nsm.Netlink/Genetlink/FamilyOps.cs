using System.Buffers.Binary;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>Encoding and decoding of the controller's <c>CTRL_CMD_GETFAMILY</c>.</summary>
internal static class FamilyOps
{
    /// <summary>Writes <c>CTRL_CMD_GETFAMILY</c> for the family named <paramref name="name"/> (answered by one <c>CTRL_CMD_NEWFAMILY</c>, then the ack).</summary>
    public static NetlinkWriter WriteGetFamily(Span<byte> buffer, string name)
    {
        var writer = GenericNetlinkRequest.Start(buffer, Genl.GENL_ID_CTRL, Nl.NLM_F_ACK, Genl.CTRL_CMD_GETFAMILY, Genl.CTRL_VERSION);
        writer.String(Genl.CTRL_ATTR_FAMILY_NAME, name);
        return writer;
    }

    /// <summary>Decodes a <c>CTRL_CMD_NEWFAMILY</c> payload (after the netlink header), or null when it is not one.</summary>
    public static GenericNetlinkFamily? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < Genl.HeaderSize || payload[0] != Genl.CTRL_CMD_NEWFAMILY)
        {
            return null;
        }

        string? name = null;
        ushort? id = null;
        uint version = 0, maxAttribute = 0;
        var r = new AttributeReader(payload[Genl.HeaderSize..]);
        while (r.Next())
        {
            switch (r.Type)
            {
                case Genl.CTRL_ATTR_FAMILY_ID when r.Value.Length >= 2:
                    id = BinaryPrimitives.ReadUInt16LittleEndian(r.Value);
                    break;
                case Genl.CTRL_ATTR_FAMILY_NAME:
                    name = r.String;
                    break;
                case Genl.CTRL_ATTR_VERSION:
                    version = r.U32;
                    break;
                case Genl.CTRL_ATTR_MAXATTR:
                    maxAttribute = r.U32;
                    break;
                default:
                    break;
            }
        }

        return name is null || id is null ? null : new GenericNetlinkFamily(name, id.Value, version, maxAttribute);
    }
}
