using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages;

namespace Nsm.Vpp.Control;

/// <summary><c>show_version_reply</c>: VPP's program, version, build date and build directory.</summary>
public sealed class ShowVersionReply : IVppMessage<ShowVersionReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "show_version_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "c919bde1";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets the result: 0 is success.</summary>
    public int Retval { get; init; }

    /// <summary>Gets the program name, e.g. <c>vpe</c> (<c>string[32]</c>).</summary>
    public string Program { get; init; } = string.Empty;

    /// <summary>Gets the version, e.g. <c>26.10-release</c> (<c>string[32]</c>).</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>Gets the build date (<c>string[32]</c>).</summary>
    public string BuildDate { get; init; } = string.Empty;

    /// <summary>Gets the build directory (<c>string[256]</c>).</summary>
    public string BuildDirectory { get; init; } = string.Empty;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.FixedString(Program, 32);
        writer.FixedString(Version, 32);
        writer.FixedString(BuildDate, 32);
        writer.FixedString(BuildDirectory, 256);
    }

    /// <inheritdoc/>
    public static ShowVersionReply DecodeFields(ref VppReader reader) => new()
    {
        Retval = reader.I32(),
        Program = reader.FixedString(32),
        Version = reader.FixedString(32),
        BuildDate = reader.FixedString(32),
        BuildDirectory = reader.FixedString(256),
    };
}
