using Microsoft.Extensions.Logging;

namespace Nsm.Vpp;

/// <summary>Options of a <see cref="VppConnection"/> and a <see cref="VppClient"/>.</summary>
public sealed class VppConnectionOptions
{
    /// <summary>Gets how long a request (or a dump, between two of its messages) waits for VPP before a <see cref="TimeoutException"/>; 10 s by default.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long connecting (socket and handshake) may take; 10 s by default.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the first delay between reconnection attempts of a <see cref="VppClient"/>; it doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Gets the longest delay between reconnection attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many connection attempts one call of a <see cref="VppClient"/> makes before it fails; 5 by default.</summary>
    public int ReconnectAttempts { get; init; } = 5;

    /// <summary>Gets the context of the handshake; later requests count up from it, skipping 0. 1 by default.</summary>
    public uint FirstContext { get; init; } = 1;

    /// <summary>Gets the clock of timeouts and backoff.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Gets the logger, or <see langword="null"/> for none.</summary>
    public ILogger? Logger { get; init; }
}
