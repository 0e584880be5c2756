namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>acl_action</c>; on the wire a u8.</summary>
#pragma warning disable CA1028 // the wire size is the enum's
public enum AclAction : byte
#pragma warning restore CA1028
{
    /// <summary><c>ACL_ACTION_API_DENY</c>.</summary>
    Deny = 0,

    /// <summary><c>ACL_ACTION_API_PERMIT</c>.</summary>
    Permit = 1,

    /// <summary><c>ACL_ACTION_API_PERMIT_REFLECT</c>.</summary>
    PermitReflect = 2,
}
