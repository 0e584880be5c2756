namespace Nsm.Sdk.Core.FdPassing;

/// <summary>Queues files to ride along, as SCM_RIGHTS, with the next write of a unix-socket connection (upstream's grpcfd sender).</summary>
public interface IFdSender
{
    /// <summary>Opens <paramref name="path"/> (O_PATH) and queues its descriptor for the next write.</summary>
    /// <param name="path">The file, e.g. <c>/proc/1234/ns/net</c>.</param>
    /// <returns>The (dev, ino) the receiver will match it by.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    FdInode SendFile(string path);
}
