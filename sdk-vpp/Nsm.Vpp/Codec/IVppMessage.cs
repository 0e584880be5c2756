namespace Nsm.Vpp.Codec;

/// <summary>A VPP binary-API message: its fields after the common header (<see cref="VppMessageKind"/>).</summary>
public interface IVppMessage
{
    /// <summary>Writes the fields that follow the common header, packed and big-endian, in the order of the message's JSON.</summary>
    /// <param name="writer">Where the body goes.</param>
    void EncodeFields(VppWriter writer);
}

/// <summary>A VPP binary-API message type: its name and CRC (what VPP's message table is keyed by) and its decoder.</summary>
/// <typeparam name="TSelf">The message type.</typeparam>
public interface IVppMessage<TSelf> : IVppMessage
    where TSelf : IVppMessage<TSelf>
{
    /// <summary>Gets the message name, e.g. <c>sw_interface_set_flags</c>.</summary>
    static abstract string MessageName { get; }

    /// <summary>Gets the CRC as VPP's table spells it after the name, 8 lowercase hex digits, e.g. <c>f5aec1b8</c>.</summary>
    static abstract string MessageCrc { get; }

    /// <summary>Gets the common header the message carries.</summary>
    static abstract VppMessageKind Kind { get; }

    /// <summary>Reads the fields that follow the common header.</summary>
    /// <param name="reader">The body, positioned after the common header.</param>
    /// <returns>The message.</returns>
    /// <exception cref="VppDecodeException">The body is shorter than the message's layout or a count is out of range.</exception>
    static abstract TSelf DecodeFields(ref VppReader reader);
}
