namespace Nsm.Sdk.Authorization;

/// <summary>The names of the built-in policies, matching the upstream <c>.rego</c> file names.</summary>
public static class PolicyNames
{
    /// <summary><c>common/tokens_valid</c>.</summary>
    public const string TokensValid = "tokens_valid";

    /// <summary><c>common/tokens_expired</c>.</summary>
    public const string TokensExpired = "tokens_expired";

    /// <summary><c>common/tokens_chained</c>.</summary>
    public const string TokensChained = "tokens_chained";

    /// <summary><c>server/prev_token_signed</c>.</summary>
    public const string PrevTokenSigned = "prev_token_signed";

    /// <summary><c>client/next_token_signed</c>.</summary>
    public const string NextTokenSigned = "next_token_signed";

    /// <summary><c>registry/client_allowed</c>.</summary>
    public const string ClientAllowed = "client_allowed";

    /// <summary><c>monitor/service_connection</c>.</summary>
    public const string ServiceConnection = "service_connection";

    /// <summary>The policy that accepts everything.</summary>
    public const string AllowAll = "allow_all";
}
