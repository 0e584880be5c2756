using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Cmd.Nsc;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Core;

namespace Nsm.Cmd.NscInit;

/// <summary>
/// Upstream cmd-nsc-init's work: requests every configured network service once, in order, each within
/// <c>NSM_REQUEST_TIMEOUT</c>, and stops at the first failure. The connections are left open: the cmd/nsc beside it
/// in the pod (same <c>NSM_NAME</c>, same connection ids) takes them over and refreshes them; otherwise they expire
/// with their tokens.
/// </summary>
internal sealed partial class NscInitRequests(NscCmdOptions options, NsmClient client, TimeProvider clock, ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.NscInit");
    private readonly ILogger _sdkLogger = loggerFactory.CreateLogger("Nsm.Sdk");

    /// <summary>Requests every service; true when all succeeded, false (with one log line naming the service) otherwise.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.NetworkServices.Count; i++)
        {
            var service = options.NetworkServices[i].NetworkService;
            using var timeout = new CancellationTokenSource(options.RequestTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var context = new NsmContext(clock, _sdkLogger, clock.GetUtcNow() + options.RequestTimeout, linked.Token);
                var connection = await client.RequestAsync(options.ToRequest(i), context, NetworkServiceHandler.Tail);
                var name = connection.Mechanism?.Parameters.GetValueOrDefault("name") ?? "?";
                var src = string.Join(',', connection.Context?.IpContext?.SrcIpAddrs ?? []);
                LogConnected(_logger, connection.NetworkService, name, src, connection.NetworkServiceEndpointName, connection.Id);
            }
            catch (Exception ex)
            {
                var reason = cancellationToken.IsCancellationRequested ? "stopped"
                    : timeout.IsCancellationRequested ? $"no answer within {options.RequestTimeout.TotalSeconds} s (NSM_REQUEST_TIMEOUT)"
                    : ex.Message.ReplaceLineEndings(" ");
                LogFailed(_logger, service, i + 1, options.NetworkServices.Count, options.ConnectTo, reason);
                return false;
            }
        }

        LogDone(_logger, options.NetworkServices.Count);
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "connected to {Service}: interface {Interface} src {Src} endpoint {Endpoint} (connection {Id})")]
    private static partial void LogConnected(ILogger logger, string service, string @interface, string src, string endpoint, string id);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "request {Index}/{Count} for {Service} through {ConnectTo} failed: {Error}; exiting 1")]
    private static partial void LogFailed(ILogger logger, string service, int index, int count, Uri connectTo, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "all {Count} network services connected; exiting 0 and leaving the connections open")]
    private static partial void LogDone(ILogger logger, int count);
}
