using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>
/// The shape shared by the VPP elements that configure VPP after the rest of the chain answered (upstream's "post"
/// elements): next, then apply; when applying fails, the element's own Close (which undoes whatever the apply already
/// stored) and the rest of the chain's Close run, and the caller gets a gRPC status naming the VPP message.
/// </summary>
internal static class VppElement
{
    /// <summary>Runs next, then <paramref name="apply"/>; on failure closes this element and the chain behind it.</summary>
    public static async ValueTask<Connection> RequestAsync(
        string element,
        NetworkServiceRequest request,
        NsmContext context,
        NetworkServiceHandler next,
        Func<Connection, CancellationToken, Task> apply,
        Func<Connection, NsmContext, ValueTask> close)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var postponed = PostponedClose.Capture(context);
        var connection = await next.RequestAsync(request, context);
        try
        {
            await apply(connection, context.CancellationToken);
            return connection;
        }
        catch (Exception e)
        {
            // Also when the caller gave up half way: what was made is undone on a budget of its own.
            if (await postponed.RunAsync(context, c => close(connection.Clone(), c)) is { } closeError)
            {
                VppElementLog.RollbackFailed(context.Logger, element, connection.Id, closeError.Message);
            }

            if (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw ToStatus(element, e);
        }
    }

    /// <summary>Maps a failed VPP call to the status the caller sees.</summary>
    public static Exception ToStatus(string element, Exception error) => error switch
    {
        NsmStatusException or RpcException => error,
        VppApiException api => new NsmStatusException(
            StatusCode.Internal, $"{element}: VPP answered {api.MessageName} with retval {api.Retval}", api),
        VppDisconnectedException lost => new NsmStatusException(
            StatusCode.Unavailable, $"{element}: VPP is not connected: {lost.Message}", lost),
        _ => new NsmStatusException(StatusCode.Internal, $"{element}: {error.Message}", error),
    };

    /// <summary>
    /// Runs one clean-up call of a Close: a VPP error is logged (at debug level when it means the object is already gone),
    /// never thrown, so Close stays idempotent and the rest of the chain still closes.
    /// </summary>
    public static async Task<bool> CleanUpAsync(NsmContext context, string element, string connectionId, Func<CancellationToken, Task> call)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            // Not the caller's token: a caller that gives up on its Close must not leave VPP state behind.
            await call(CancellationToken.None);
            return true;
        }
        catch (VppApiException e) when (IsGone(e.Retval))
        {
            VppElementLog.AlreadyGone(context.Logger, element, connectionId, e.MessageName ?? "?", e.Retval);
            return true;
        }
#pragma warning disable CA1031 // a Close logs what it could not undo and goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            VppElementLog.CleanUpFailed(context.Logger, element, connectionId, e.Message);
            return false;
        }
    }

    /// <summary>
    /// VPP's "it is not there" answers: −2 INVALID_SW_IF_INDEX, −3 NO_SUCH_FIB, −6 NO_SUCH_ENTRY, −11 (af_packet_delete of an
    /// unknown host interface), −60 ADDRESS_NOT_FOUND_FOR_INTERFACE.
    /// </summary>
    public static bool IsGone(int retval) => retval is -2 or -3 or -6 or -11 or -60;
}
