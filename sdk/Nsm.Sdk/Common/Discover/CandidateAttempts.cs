using System.Text;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Discover;

/// <summary>Tries candidates (endpoints or forwarders) one after the other until the rest of the chain accepts one.</summary>
public static class CandidateAttempts
{
    /// <summary>
    /// For each candidate from <paramref name="start"/> (wrapping around), prepares a clone of the request, points
    /// the context at the candidate's URL and continues the chain; returns the first success.
    /// </summary>
    /// <typeparam name="TCandidate">The candidate type.</typeparam>
    /// <param name="candidates">The candidates.</param>
    /// <param name="start">The index to start at.</param>
    /// <param name="request">The request (not changed).</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <param name="prepare">Adjusts the clone for a candidate and returns the candidate's URL.</param>
    /// <param name="allFailed">The message when every candidate failed, e.g. "all candidates have failed".</param>
    /// <param name="onSuccess">Called with the accepted candidate.</param>
    /// <returns>The connection from the first accepted candidate.</returns>
    /// <exception cref="NsmStatusException">Every candidate failed; the message lists each failure.</exception>
    public static async ValueTask<Connection> TryInOrderAsync<TCandidate>(
        IReadOnlyList<TCandidate> candidates,
        int start,
        NetworkServiceRequest request,
        NsmContext context,
        NetworkServiceHandler next,
        Func<TCandidate, NetworkServiceRequest, Uri> prepare,
        string allFailed,
        Action<TCandidate>? onSuccess = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(prepare);
        var errors = new StringBuilder();
        StatusCode? common = null;
        var entry = context.Checkpoint();
        for (var i = 0; i < candidates.Count; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var candidate = candidates[(start + i) % candidates.Count];
            var clone = request.Clone();
            Uri url;
            try
            {
                url = prepare(candidate, clone);
            }
            catch (NsmStatusException ex)
            {
                Append(errors, ref common, ex.StatusCode, ex.Message);
                continue;
            }

            context.ClientUrl = url;
            try
            {
                var connection = await next.RequestAsync(clone, context).ConfigureAwait(false);
                onSuccess?.Invoke(candidate);
                return connection;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
            {
                var rpc = GrpcErrors.ToRpcException(ex, context);
                Append(errors, ref common, rpc.StatusCode, rpc.Status.Detail);

                // The next candidate starts from the context as it entered, not from what this attempt left in it.
                context.Restore(entry);
            }
            finally
            {
                context.ClientUrl = null;
            }
        }

        throw new NsmStatusException(common ?? StatusCode.Unavailable, $"{allFailed}: {errors}");
    }

    private static void Append(StringBuilder errors, ref StatusCode? common, StatusCode code, string message)
    {
        if (errors.Length > 0)
        {
            errors.Append("; ");
        }

        errors.Append(message);
        common = common is null || common == code ? code : StatusCode.Unavailable;
    }
}
