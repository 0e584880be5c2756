using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>After a failed interface setup: closes what the downstream made for the connection, within a timeout; a failure is logged, not thrown.</summary>
internal static class DownstreamClose
{
    public static async Task BestEffortAsync(Connection conn, NsmContext context, NetworkServiceHandler next, TimeSpan timeout, TimeProvider clock, Action<ILogger, Exception, string> log)
    {
        using var cts = new CancellationTokenSource(timeout, clock);
        try
        {
            await next.CloseAsync(conn, context.Fork(null, cts.Token)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log(context.Logger, ex, conn.Id);
        }
    }
}
