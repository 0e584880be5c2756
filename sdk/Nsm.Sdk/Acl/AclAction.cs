namespace Nsm.Sdk.Acl;

/// <summary>What an ACL rule does with a packet it matches (VPP's <c>is_permit</c>: 0, 1, 2).</summary>
public enum AclAction
{
    /// <summary>Drop the packet (<c>is_permit: 0</c>).</summary>
    Deny = 0,

    /// <summary>Pass the packet; replies need a rule of their own (<c>is_permit: 1</c>).</summary>
    Permit = 1,

    /// <summary>Pass the packet and, statefully, the replies of its flow (<c>is_permit: 2</c>, VPP's permit+reflect).</summary>
    PermitReflect = 2,
}
