namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>The outcome of <see cref="WireGuardDevice.WaitForHandshakeAsync"/>.</summary>
/// <param name="Failure">Why there was no handshake, or <see cref="WireGuardFailure.None"/>.</param>
/// <param name="Message">What happened, in words fit for a gRPC status.</param>
public sealed record WireGuardHandshakeResult(WireGuardFailure Failure, string Message)
{
    /// <summary>Gets whether a handshake has completed.</summary>
    public bool Completed => Failure == WireGuardFailure.None;

    /// <summary>Gets when the last handshake completed, or null.</summary>
    public DateTimeOffset? LastHandshake { get; init; }
}
