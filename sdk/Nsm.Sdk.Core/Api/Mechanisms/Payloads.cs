namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Payload values of <c>NetworkService.payload</c> and <c>Connection.payload</c>.</summary>
public static class Payloads
{
    /// <summary>Layer-2 payload.</summary>
    public const string Ethernet = "ETHERNET";

    /// <summary>Layer-3 payload; the registry default when a NetworkService leaves it empty.</summary>
    public const string IP = "IP";
}
