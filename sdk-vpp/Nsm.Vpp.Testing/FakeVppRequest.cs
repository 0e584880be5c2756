using System.Buffers.Binary;

namespace Nsm.Vpp.Testing;

/// <summary>A request a <see cref="FakeVpp"/> handler serves.</summary>
/// <param name="Fake">The fake (for message ids).</param>
/// <param name="ClientIndex">The connection's client handle.</param>
/// <param name="Body">The request body as received.</param>
public sealed record FakeVppRequest(FakeVpp Fake, uint ClientIndex, byte[] Body)
{
    /// <summary>Gets the request's context (offset 6), to echo in the reply.</summary>
    public uint Context => Body.Length >= 10 ? BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(6)) : 0;
}
