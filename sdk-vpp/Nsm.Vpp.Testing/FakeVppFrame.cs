using System.Buffers.Binary;

namespace Nsm.Vpp.Testing;

/// <summary>A frame the fake received: which connection, the 16-byte header and the body, as they came.</summary>
/// <param name="Connection">The connection number (1 for the first accepted).</param>
/// <param name="Header">The 16-byte socket header.</param>
/// <param name="Body">The message body.</param>
public sealed record FakeVppFrame(int Connection, byte[] Header, byte[] Body)
{
    /// <summary>Gets the message id (0 when the body is shorter than 2 bytes).</summary>
    public ushort Id => Body.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Body) : (ushort)0;

    /// <summary>Gets the whole frame, header then body, as lowercase hex.</summary>
    public string Hex => Convert.ToHexStringLower([.. Header, .. Body]);
}
