using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>Lists memif interfaces (<c>memif_dump</c>).</summary>
public sealed class MemifDump : IVppMessage<MemifDump>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "51077d14";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);

    }

    /// <inheritdoc/>
    public static MemifDump DecodeFields(ref VppReader reader)
    {
        var message = new MemifDump();

        return message;
    }
}
