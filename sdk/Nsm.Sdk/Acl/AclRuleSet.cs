namespace Nsm.Sdk.Acl;

/// <summary>
/// An ordered rule set: the first rule that matches decides; when the set has rules and none matches, the packet is
/// dropped (VPP's implicit deny once an ACL is applied); an empty set passes everything.
/// </summary>
public sealed class AclRuleSet
{
    /// <summary>The empty set: everything passes.</summary>
    public static readonly AclRuleSet Empty = new([]);

    /// <summary>Creates a rule set.</summary>
    /// <param name="rules">The rules, first match wins.</param>
    public AclRuleSet(IReadOnlyList<AclRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Rules = rules;
    }

    /// <summary>Gets the rules in order.</summary>
    public IReadOnlyList<AclRule> Rules { get; }

    /// <summary>Gets a value indicating whether the set has no rules (then everything passes).</summary>
    public bool IsEmpty => Rules.Count == 0;

    /// <summary>Gets a value indicating whether any rule is stateful (then replies of its flows pass).</summary>
    public bool IsStateful => Rules.Any(r => r.Action == AclAction.PermitReflect);

    /// <summary>Concatenates rule sets, the first one's rules first.</summary>
    /// <param name="sets">The sets.</param>
    /// <returns>The combined set.</returns>
    public static AclRuleSet Concat(params IEnumerable<AclRuleSet> sets) => new([.. sets.SelectMany(s => s.Rules)]);

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? "(no rules: everything passes)" : string.Join('\n', Rules);
}
