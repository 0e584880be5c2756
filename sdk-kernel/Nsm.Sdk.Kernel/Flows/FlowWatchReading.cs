using Nsm.Sdk.Acl;
using Nsm.Sdk.Kernel.Conntrack;

namespace Nsm.Sdk.Kernel.Flows;

/// <summary>What an <see cref="NftFlowWatch"/> counted, read from its nft table.</summary>
/// <param name="NewFlows">The new flows admitted (the packets of the <c>ct state new counter</c> rule).</param>
/// <param name="Signatures">Each signature's drop counter, in signature order.</param>
/// <param name="Dropped">The flows a signature dropped that the previous reading did not show yet (the first packet of each is enough).</param>
public sealed record FlowWatchReading(long NewFlows, IReadOnlyList<SignatureCounter> Signatures, IReadOnlyList<DroppedFlow> Dropped)
{
    /// <summary>The reading of a watch that has no table (no connection).</summary>
    public static readonly FlowWatchReading None = new(0, [], []);
}

/// <summary>The packets and bytes one signature dropped.</summary>
/// <param name="Signature">The signature.</param>
/// <param name="Packets">The packets dropped.</param>
/// <param name="Bytes">The bytes dropped.</param>
public sealed record SignatureCounter(AclRule Signature, long Packets, long Bytes);

/// <summary>A flow a signature dropped: the first matching packet's addresses, protocol and, where the signature names them, ports or ICMP type and code.</summary>
/// <param name="Signature">The signature that matched.</param>
/// <param name="Flow">The flow (ports and ICMP fields are 0 when the signature does not name TCP, UDP or ICMP).</param>
public sealed record DroppedFlow(AclRule Signature, ConntrackTuple Flow);
