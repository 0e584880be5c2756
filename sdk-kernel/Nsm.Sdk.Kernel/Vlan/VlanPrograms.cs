using Nsm.Sdk.Kernel.Bpf;
using static Nsm.Sdk.Kernel.Bpf.BpfInstruction;

namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>
/// The two tc programs of <see cref="BpfVlanTagger"/>, assembled in code. Registers: r1 is the <c>__sk_buff</c>
/// context, r0 the verdict (TC_ACT_OK 0, TC_ACT_SHOT 2).
/// </summary>
internal static class VlanPrograms
{
    private const int TcActOk = 0;
    private const int TcActShot = 2;
    private const int HelperSkbVlanPush = 18;
    private const int HelperSkbVlanPop = 19;
    private const int EthP8021QBigEndianAsHost = 0x0081; // htons(0x8100) on a little-endian CPU
    private const short SkbVlanPresent = 20; // offsetof(struct __sk_buff, vlan_present)
    private const short SkbVlanTci = 24; // offsetof(struct __sk_buff, vlan_tci)

    private const int TcActUnspec = -1; // direct-action: not this filter's frame, the next filter decides
    private const int HelperRedirect = 23;

    /// <summary>Egress: push an 802.1Q tag with VID <paramref name="vlanId"/> on every frame; a failing push drops.</summary>
    public static BpfInstruction[] Push(int vlanId) =>
    [
        .. PushTag(vlanId),
        JumpIfNotEqual(0, 0, 2),
        MovImm(0, TcActOk),
        Exit(),
        MovImm(0, TcActShot),
        Exit(),
    ];

    /// <summary>
    /// Ingress of a client's end of a trunk: push an 802.1Q tag with VID <paramref name="vlanId"/> and send the frame
    /// out of interface <paramref name="trunkIndex"/> (the trunk, same namespace); a failing push drops.
    /// </summary>
    public static BpfInstruction[] TagAndRedirect(int vlanId, int trunkIndex) =>
    [
        .. PushTag(vlanId),
        JumpIfNotEqual(0, 0, 4), // push failed: drop
        .. Redirect(trunkIndex),
        MovImm(0, TcActShot),
        Exit(),
    ];

    /// <summary>
    /// Ingress of the trunk, one filter per VLAN: a frame tagged <paramref name="vlanId"/> loses its tag and goes out of
    /// interface <paramref name="clientIndex"/> (that VLAN's client end); any other frame is left to the next filter.
    /// </summary>
    public static BpfInstruction[] UntagAndRedirect(int vlanId, int clientIndex) =>
    [
        LoadWord(2, 1, SkbVlanPresent),
        JumpIfEqual(2, 0, 11), // untagged: not ours
        LoadWord(2, 1, SkbVlanTci),
        AndImm(2, 0xFFF),
        JumpIfNotEqual(2, vlanId, 8), // another VLAN: not ours
        Call(HelperSkbVlanPop),
        JumpIfNotEqual(0, 0, 4), // pop failed: drop
        .. Redirect(clientIndex),
        MovImm(0, TcActShot),
        Exit(),
        MovImm(0, TcActUnspec),
        Exit(),
    ];

    // r1 (the context) = skb: r2 = ETH_P_8021Q in network order, r3 = the VID; r0 = the helper's result.
    private static BpfInstruction[] PushTag(int vlanId) =>
    [
        MovImm(2, BitConverter.IsLittleEndian ? EthP8021QBigEndianAsHost : 0x8100),
        MovImm(3, vlanId),
        Call(HelperSkbVlanPush),
    ];

    // bpf_redirect(ifindex, 0) to the interface's egress; its result (TC_ACT_REDIRECT) is the verdict.
    private static BpfInstruction[] Redirect(int ifindex) =>
    [
        MovImm(1, ifindex),
        MovImm(2, 0),
        Call(HelperRedirect),
        Exit(),
    ];

    /// <summary>
    /// Ingress: a frame tagged <paramref name="vlanId"/> loses its tag; one with another tag is dropped; an untagged one
    /// passes when <paramref name="passUntagged"/>, else is dropped.
    /// </summary>
    public static BpfInstruction[] Pop(int vlanId, bool passUntagged) =>
    [
        LoadWord(2, 1, SkbVlanPresent),
        JumpIfEqual(2, 0, 7), // untagged
        LoadWord(2, 1, SkbVlanTci),
        AndImm(2, 0xFFF),
        JumpIfNotEqual(2, vlanId, 6), // another VLAN: drop
        Call(HelperSkbVlanPop),
        JumpIfNotEqual(0, 0, 4), // pop failed: drop
        MovImm(0, TcActOk),
        Exit(),
        MovImm(0, passUntagged ? TcActOk : TcActShot), // untagged
        Exit(),
        MovImm(0, TcActShot),
        Exit(),
    ];
}
