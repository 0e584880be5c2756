using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.TrimPath;

/// <summary>The metadata flag the client half leaves for the server half.</summary>
internal static class TrimPathKeys
{
    /// <summary>Set in the client metadata map: this component passes the connection on, keep the downstream path.</summary>
    public static readonly NsmContextKey<bool> DontTrim = new("trimpath.dont-trim");
}
