using System.Buffers.Binary;
using System.Text;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Reads the kernel's extended ack text (NLMSGERR_ATTR_MSG) from an NLMSG_ERROR or NLMSG_DONE payload.</summary>
internal static class ExtAck
{
    /// <summary>The kernel's message, or null when it sent none.</summary>
    public static string? Message(ReadOnlySpan<byte> errorPayload, ushort flags)
    {
        if ((flags & Nl.NLM_F_ACK_TLVS) == 0 || errorPayload.Length < 4 + Nl.HeaderSize)
        {
            return null;
        }

        var echoed = (flags & Nl.NLM_F_CAPPED) != 0
            ? Nl.HeaderSize
            : (int)BinaryPrimitives.ReadUInt32LittleEndian(errorPayload[4..]);
        var offset = 4 + Nl.Align(echoed);
        if (offset >= errorPayload.Length)
        {
            return null;
        }

        var reader = new AttributeReader(errorPayload[offset..]);
        while (reader.Next())
        {
            if (reader.Type == Nl.NLMSGERR_ATTR_MSG)
            {
                return Encoding.UTF8.GetString(reader.Value).TrimEnd('\0');
            }
        }

        return null;
    }
}
