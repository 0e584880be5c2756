using Nsm.Vpp.Codec;

namespace Nsm.Vpp;

/// <summary>A message by name and CRC, the key VPP's message table uses (<c>name_crc</c>).</summary>
/// <param name="Name">The message name, e.g. <c>show_version</c>.</param>
/// <param name="Crc">The CRC, 8 lowercase hex digits, e.g. <c>51077d14</c>.</param>
public readonly record struct VppMessageRef(string Name, string Crc)
{
    /// <summary>Gets the table key, <c>name_crc</c>.</summary>
    public string NameCrc => $"{Name}_{Crc}";

    /// <summary>Gets the reference of a message type.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <returns>Its name and CRC.</returns>
    public static VppMessageRef Of<T>()
        where T : IVppMessage<T> => new(T.MessageName, T.MessageCrc);

    /// <inheritdoc/>
    public override string ToString() => NameCrc;
}
