namespace Nsm.Sdk.Authorization;

/// <summary>Which path segments <see cref="TokensExpiredPolicy"/> checks.</summary>
public enum TokenExpiryScope
{
    /// <summary>Every segment, as wire.md §4.4 specifies.</summary>
    AllSegments,

    /// <summary>Segments <c>[index..]</c> only, as the 2023 upstream <c>common/tokens_expired.rego</c> does.</summary>
    FromIndex,
}
