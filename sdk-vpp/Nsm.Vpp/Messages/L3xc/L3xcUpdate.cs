using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L3xc;

/// <summary>Creates or replaces an interface's layer-3 cross-connect of one IP family (<c>l3xc_update</c>, l3xc plugin).</summary>
public sealed class L3xcUpdate : IVppMessage<L3xcUpdate>
{
    /// <inheritdoc/>
    public static string MessageName => "l3xc_update";

    /// <inheritdoc/>
    public static string MessageCrc => "e96aabdf";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the cross-connect.</summary>
    public L3xcEntry L3xc { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        L3xc.Write(writer);
    }

    /// <inheritdoc/>
    public static L3xcUpdate DecodeFields(ref VppReader reader) => new() { L3xc = L3xcEntry.Read(ref reader) };
}
