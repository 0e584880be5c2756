using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>Adds or deletes a neighbour (<c>ip_neighbor_add_del</c>).</summary>
public sealed class IpNeighborAddDel : IVppMessage<IpNeighborAddDel>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_neighbor_add_del";

    /// <inheritdoc/>
    public static string MessageCrc => "0607c257";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets the neighbour.</summary>
    public IpNeighbor Neighbor { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        Neighbor.Write(writer);
    }

    /// <inheritdoc/>
    public static IpNeighborAddDel DecodeFields(ref VppReader reader)
    {
        var message = new IpNeighborAddDel();
        message.IsAdd = reader.Bool();
        message.Neighbor = IpNeighbor.Read(ref reader);
        return message;
    }
}
