namespace Nsm.Sdk.Authorization;

/// <summary>One authorization rule, the native equivalent of one upstream <c>.rego</c> policy file.</summary>
/// <typeparam name="TInput">The input the rule reads (contravariant, so path policies serve every path input).</typeparam>
public interface IAuthorizationPolicy<in TInput>
{
    /// <summary>Gets the policy name reported when it fails, e.g. <c>tokens_valid</c>.</summary>
    string Name { get; }

    /// <summary>Evaluates the rule.</summary>
    /// <param name="input">The input.</param>
    /// <returns><see langword="true"/> when the input satisfies the rule.</returns>
    bool IsValid(TInput input);
}
