namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>fib_path_flags</c> flags; on the wire a u32.</summary>
[Flags]
#pragma warning disable CA1711 // VPP's name
public enum FibPathFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary><c>FIB_API_PATH_FLAG_RESOLVE_VIA_ATTACHED</c>.</summary>
    ResolveViaAttached = 1,

    /// <summary><c>FIB_API_PATH_FLAG_RESOLVE_VIA_HOST</c>.</summary>
    ResolveViaHost = 2,

    /// <summary><c>FIB_API_PATH_FLAG_POP_PW_CW</c>.</summary>
    PopPwCw = 4,
}
#pragma warning restore CA1711
