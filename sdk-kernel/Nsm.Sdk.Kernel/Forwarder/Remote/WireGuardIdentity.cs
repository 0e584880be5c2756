using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// One side's WireGuard identity for one connection: a fresh key (as upstream: keys are per connection, so a leaked
/// or wrong key touches one connection only) and a UDP port of its own on this node (51820 and up), so each
/// connection has its own device and the connections' allowed IPs, which reuse client addresses, never meet.
/// </summary>
/// <param name="PrivateKey">The private key.</param>
/// <param name="Port">The device's UDP port.</param>
internal sealed record WireGuardIdentity(WireGuardKey PrivateKey, int Port);
