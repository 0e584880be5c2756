namespace Nsm.Sdk.Tokens;

/// <summary>Default token settings, as used by the upstream <c>cmd-*</c> programs and the sdk sandbox.</summary>
public static class TokenDefaults
{
    /// <summary>The default maximum token lifetime of real components: 10 minutes.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The upstream sandbox's HS256 secret.</summary>
    public const string SandboxSecret = "supersecret";

    /// <summary>The upstream sandbox's token subject.</summary>
    public const string SandboxSubject = "spiffe://test.com/subject";

    /// <summary>The upstream sandbox's token lifetime: 1 hour.</summary>
    public static readonly TimeSpan SandboxTokenLifetime = TimeSpan.FromHours(1);
}
