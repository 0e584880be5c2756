namespace Nsm.Sdk.Tokens;

/// <summary>A token minted by an <see cref="ITokenGenerator"/> and the time it expires.</summary>
/// <param name="Token">The compact JWT, sent as <c>nsm-client-token</c> and stored in path segments.</param>
/// <param name="ExpiresAt">The expiry, sent as <c>nsm-client-token-expires</c> and stored as the segment's <c>expires</c>.</param>
public readonly record struct GeneratedToken(string Token, DateTimeOffset ExpiresAt);
