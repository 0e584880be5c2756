namespace Nsm.Sdk.Vpp.Memif;

/// <summary>Options of <see cref="MemifServer"/> and <see cref="MemifClient"/>.</summary>
public sealed record MemifOptions
{
    /// <summary>
    /// Gets the folder of the server side's abstract socket names: <c>@&lt;folder&gt;/&lt;connection id&gt;/memif.socket</c>
    /// (default <c>$TMPDIR/memif</c>, as upstream). Abstract sockets leave no file behind.
    /// </summary>
    public string SocketDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "memif");
}
