namespace Nsm.Sdk.Authorization;

/// <summary>An ordered, immutable set of policies evaluated together; all must pass.</summary>
/// <typeparam name="TInput">The input type.</typeparam>
/// <remarks>
/// An empty set allows everything (upstream <c>authorize.Any()</c>). A policy that throws is an evaluation error;
/// the exception propagates and the chain element reports it as gRPC <c>Internal</c>.
/// </remarks>
public sealed class AuthorizationPolicySet<TInput>
{
    /// <summary>Initializes a new set.</summary>
    /// <param name="policies">The policies, evaluated in this order.</param>
    public AuthorizationPolicySet(IEnumerable<IAuthorizationPolicy<TInput>> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Policies = [.. policies];
        foreach (var policy in Policies)
        {
            ArgumentNullException.ThrowIfNull(policy, nameof(policies));
        }
    }

    /// <summary>Gets the policies in evaluation order.</summary>
    public IReadOnlyList<IAuthorizationPolicy<TInput>> Policies { get; }

    /// <summary>Gets a value indicating whether the set has no policies and so allows everything.</summary>
    public bool IsEmpty => Policies.Count == 0;

    /// <summary>Evaluates the policies in order and stops at the first failure.</summary>
    /// <param name="input">The input.</param>
    /// <returns>Allowed, or denied with the first failing policy's name.</returns>
    public AuthorizationResult Evaluate(TInput input)
    {
        foreach (var policy in Policies)
        {
            if (!policy.IsValid(input))
            {
                return AuthorizationResult.Denied(policy.Name);
            }
        }

        return AuthorizationResult.Allowed;
    }
}

/// <summary>Factory methods for <see cref="AuthorizationPolicySet{TInput}"/>.</summary>
public static class AuthorizationPolicySet
{
    /// <summary>Creates a set from policies, in order.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <param name="policies">The policies.</param>
    /// <returns>The set.</returns>
    public static AuthorizationPolicySet<TInput> Create<TInput>(params IAuthorizationPolicy<TInput>[] policies) => new(policies);

    /// <summary>Creates the empty set that allows everything (upstream <c>authorize.Any()</c>).</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <returns>An empty set.</returns>
    public static AuthorizationPolicySet<TInput> Any<TInput>() => new([]);
}
