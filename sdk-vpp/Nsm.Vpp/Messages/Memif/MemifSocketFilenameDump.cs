using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>Lists memif socket files (<c>memif_socket_filename_dump</c>).</summary>
public sealed class MemifSocketFilenameDump : IVppMessage<MemifSocketFilenameDump>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_socket_filename_dump";

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
    public static MemifSocketFilenameDump DecodeFields(ref VppReader reader)
    {
        var message = new MemifSocketFilenameDump();

        return message;
    }
}
