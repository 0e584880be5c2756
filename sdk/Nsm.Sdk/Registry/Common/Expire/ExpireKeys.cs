using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Expire;

/// <summary>Context keys read by the registry <c>expire</c> element.</summary>
public static class ExpireKeys
{
    /// <summary>
    /// When this hop's own token expires. The registry <c>updatepath</c> element sets it (upstream does the same);
    /// <c>expire</c> caps the NSE's expiration with it.
    /// </summary>
    public static readonly NsmContextKey<DateTimeOffset> OwnTokenExpiry = new("registry.expire.own-token-expiry");
}
