using Nsm.Vpp.Codec;

namespace Nsm.Vpp;

/// <summary>What data-plane elements call VPP through: request/reply and dump/details (a <see cref="VppClient"/>, or a test double).</summary>
public interface IVppApi
{
    /// <summary>Sends a request and waits for its reply.</summary>
    /// <typeparam name="TRequest">The request type.</typeparam>
    /// <typeparam name="TReply">The reply type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The reply (a non-zero retval is a <see cref="VppApiException"/>).</returns>
    Task<TReply> RequestAsync<TRequest, TReply>(TRequest request, CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply>;

    /// <summary>Runs a dump and yields its details.</summary>
    /// <typeparam name="TRequest">The dump request type.</typeparam>
    /// <typeparam name="TDetails">The details type.</typeparam>
    /// <param name="request">The dump request.</param>
    /// <param name="cancellationToken">Stops the dump.</param>
    /// <returns>The details.</returns>
    IAsyncEnumerable<TDetails> DumpAsync<TRequest, TDetails>(TRequest request, CancellationToken cancellationToken = default)
        where TRequest : IVppMessage<TRequest>
        where TDetails : IVppMessage<TDetails>;
}
