using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>sockclnt_delete</c>: ends the registration; VPP answers, then closes the socket.</summary>
public sealed class SockclntDelete : IVppMessage<SockclntDelete>
{
    /// <inheritdoc/>
    public static string MessageName => "sockclnt_delete";

    /// <inheritdoc/>
    public static string MessageCrc => "8ac76db6";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets the client handle to delete (the one from <see cref="SockclntCreateReply.Index"/>).</summary>
    public uint Index { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(Index);
    }

    /// <inheritdoc/>
    public static SockclntDelete DecodeFields(ref VppReader reader) => new() { Index = reader.U32() };
}
