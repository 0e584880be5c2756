namespace Nsm.Sdk.Core;

/// <summary>Keys of what <see cref="NsmGrpcChannels.Create"/> keeps in the channel handler's <see cref="System.Net.Http.SocketsHttpHandler.Properties"/>, for transport credentials.</summary>
public static class NsmChannelProperties
{
    /// <summary>The dialed URL (a <see cref="Uri"/>).</summary>
    public const string Url = "nsm.url";
}
