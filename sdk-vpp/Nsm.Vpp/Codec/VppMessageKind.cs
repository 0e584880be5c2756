namespace Nsm.Vpp.Codec;

/// <summary>The header a message carries before its own fields (VPP's common headers).</summary>
public enum VppMessageKind
{
    /// <summary>A request: <c>u16 _vl_msg_id, u32 client_index, u32 context</c>, then the fields.</summary>
    Request,

    /// <summary>A reply or a details message: <c>u16 _vl_msg_id, u32 context</c>, then the fields (a reply's first field is its <c>retval</c>).</summary>
    Reply,

    /// <summary>An event: <c>u16 _vl_msg_id, u32 client_index</c>, then the fields (e.g. <c>u32 pid</c>).</summary>
    Event,
}
