namespace Nsm.Sdk.Kernel.Acl;

/// <summary>One rule's counter as the kernel keeps it.</summary>
/// <param name="Chain">The chain: <c>nsm-in</c> (traffic from the connections) or <c>nsm-out</c> (traffic to them).</param>
/// <param name="Rule">The rule's comment (its name or line, and the rule).</param>
/// <param name="Packets">Packets matched.</param>
/// <param name="Bytes">Bytes matched.</param>
public sealed record AclRuleCounter(string Chain, string Rule, long Packets, long Bytes);
