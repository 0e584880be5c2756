namespace Nsm.Sdk.Api;

/// <summary>One hop of a <see cref="RegistryPath"/>: only the token that hop presented or generated.</summary>
public sealed class RegistryPathSegment
{
    /// <summary>Creates a segment.</summary>
    /// <param name="token">The hop's JWT.</param>
    public RegistryPathSegment(string token = "")
    {
        ArgumentNullException.ThrowIfNull(token);
        Token = token;
    }

    /// <summary>The hop's JWT (JSON key <c>token</c>).</summary>
    public string Token { get; set; }
}
