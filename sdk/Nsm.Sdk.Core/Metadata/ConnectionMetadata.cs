namespace Nsm.Sdk.Core;

/// <summary>
/// Per-connection state shared by every element of one component, with separate maps for the server half and
/// the client half so that an element present on both sides keeps its two states apart.
/// </summary>
/// <param name="connectionId">The connection id (this hop's path segment id) the metadata belongs to.</param>
public sealed class ConnectionMetadata(string connectionId)
{
    /// <summary>Gets the connection id the metadata belongs to.</summary>
    public string ConnectionId { get; } = connectionId;

    /// <summary>Gets the map of the server half.</summary>
    public MetadataMap Server { get; } = new();

    /// <summary>Gets the map of the client half.</summary>
    public MetadataMap Client { get; } = new();

    /// <summary>Gets the map of one half.</summary>
    /// <param name="isClient"><see langword="true"/> for the client half.</param>
    /// <returns>The map.</returns>
    public MetadataMap For(bool isClient) => isClient ? Client : Server;
}
