namespace Nsm.Sdk.Core.FdPassing;

/// <summary>The process at the other end of a unix socket (SO_PEERCRED at connect time).</summary>
/// <param name="Pid">The process id (in the receiver's PID namespace; 0 when the peer is outside it).</param>
/// <param name="Uid">The user id.</param>
/// <param name="Gid">The group id.</param>
public sealed record PeerCredentials(int Pid, uint Uid, uint Gid);
