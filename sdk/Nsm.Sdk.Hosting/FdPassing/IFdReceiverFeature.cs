using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>The connection feature that carries a unix-socket connection's received descriptors to its HTTP/2 streams.</summary>
internal interface IFdReceiverFeature
{
    /// <summary>Gets the descriptors (and SO_PEERCRED) of the connection.</summary>
    IFdReceiver Receiver { get; }

    /// <summary>Gets what passes descriptors back to the peer with the connection's next write.</summary>
    IFdSender Sender { get; }
}
