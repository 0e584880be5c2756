namespace Nsm.Sdk.Spiffe;

/// <summary>The metadata every Workload API call carries (SPIRE refuses a call without it).</summary>
public static class WorkloadApiHeaders
{
    /// <summary>The security header's key.</summary>
    public const string SecurityHeaderKey = "workload.spiffe.io";

    /// <summary>The security header's value.</summary>
    public const string SecurityHeaderValue = "true";

    /// <summary>The message SPIRE answers (InvalidArgument) when the header is missing.</summary>
    public const string MissingHeaderMessage = "security header missing from request";
}
