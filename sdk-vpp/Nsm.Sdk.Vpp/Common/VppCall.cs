using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Vpp;
using Nsm.Vpp.Codec;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>
/// How the mechanism elements call VPP: a failure becomes an <see cref="NsmStatusException"/> naming the message (and
/// VPP's retval), and undo steps (rollback, Close) are logged instead of thrown so the rest still runs.
/// </summary>
internal static partial class VppCall
{
    /// <summary>Sends a request; a VPP failure is an <see cref="NsmStatusException"/> that names the message.</summary>
    public static async Task<TReply> RequestAsync<TRequest, TReply>(IVppApi vpp, TRequest request, CancellationToken cancellationToken)
        where TRequest : IVppMessage<TRequest>
        where TReply : IVppMessage<TReply>
    {
        try
        {
            return await vpp.RequestAsync<TRequest, TReply>(request, cancellationToken);
        }
        catch (VppApiException e)
        {
            throw new NsmStatusException(StatusCode.Internal, $"VPP {TRequest.MessageName} failed: retval {e.Retval}", e);
        }
        catch (VppDisconnectedException e)
        {
            throw new NsmStatusException(StatusCode.Unavailable, $"VPP {TRequest.MessageName} failed: {e.Message}", e);
        }
        catch (VppIncompatibleException e)
        {
            throw new NsmStatusException(StatusCode.FailedPrecondition, $"VPP {TRequest.MessageName} failed: {e.Message}", e);
        }
        catch (TimeoutException e)
        {
            throw new NsmStatusException(StatusCode.DeadlineExceeded, $"VPP {TRequest.MessageName} failed: {e.Message}", e);
        }
    }

    /// <summary>Runs an undo step (rollback or Close); a failure is logged, not thrown.</summary>
    /// <returns>Whether the step succeeded.</returns>
    public static async Task<bool> UndoAsync(ILogger logger, string what, Func<Task> undo)
    {
        try
        {
            await undo();
            return true;
        }
        catch (Exception e) when (e is NsmStatusException or OperationCanceledException)
        {
            LogUndoFailed(logger, what, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "VPP clean-up '{What}' failed: {Reason}")]
    private static partial void LogUndoFailed(ILogger logger, string what, string reason);
}
