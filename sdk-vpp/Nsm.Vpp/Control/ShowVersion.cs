using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>show_version</c>: asks VPP for its program, version and build date.</summary>
public sealed class ShowVersion : IVppMessage<ShowVersion>
{
    /// <inheritdoc/>
    public static string MessageName => "show_version";

    /// <inheritdoc/>
    public static string MessageCrc => "51077d14";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer) => ArgumentNullException.ThrowIfNull(writer);

    /// <inheritdoc/>
    public static ShowVersion DecodeFields(ref VppReader reader) => new();
}
