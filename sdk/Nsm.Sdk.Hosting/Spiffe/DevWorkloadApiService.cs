using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Nsm.Api.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>The development Workload API: X.509-SVIDs from a <see cref="DevCertificateAuthority"/>, the caller told apart by <c>SO_PEERCRED</c>.</summary>
internal sealed partial class DevWorkloadApiService(
    DevCertificateAuthority authority, DevWorkloadApiServerOptions options, TimeProvider clock, ILogger logger)
    : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
{
    public override async Task FetchX509SVID(X509SVIDRequest request, IServerStreamWriter<X509SVIDResponse> responseStream, ServerCallContext context)
    {
        var id = Authenticate(context);
        var ct = context.CancellationToken;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using (var svid = authority.Issue(id, options.SvidLifetime))
                {
                    await responseStream.WriteAsync(ToResponse(svid), ct).ConfigureAwait(false);
                    LogIssued(logger, id, svid.NotAfter);
                }

                await Task.Delay(options.SvidLifetime / 2, clock, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the caller went away
        }
    }

    public override async Task FetchX509Bundles(X509BundlesRequest request, IServerStreamWriter<X509BundlesResponse> responseStream, ServerCallContext context)
    {
        Authenticate(context);
        var response = new X509BundlesResponse { Bundles = { [authority.TrustDomain.ToString()] = ByteString.CopyFrom(authority.Certificate.RawData) } };
        try
        {
            await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // the caller went away
        }
    }

    private X509SVIDResponse ToResponse(X509Svid svid) => new()
    {
        Svids =
        {
            new X509SVID
            {
                SpiffeId = svid.Id.ToString(),
                X509Svid = ByteString.CopyFrom(DerCertificates.Write([svid.Certificate, .. svid.Intermediates])),
                X509SvidKey = ByteString.CopyFrom(svid.Identity.Key.ExportPkcs8PrivateKey()),
                Bundle = ByteString.CopyFrom(authority.Certificate.RawData),
            },
        },
    };

    private SpiffeId Authenticate(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue(WorkloadApiHeaders.SecurityHeaderKey) != WorkloadApiHeaders.SecurityHeaderValue)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, WorkloadApiHeaders.MissingHeaderMessage));
        }

        var socket = context.GetHttpContext().Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || !UnixPeerCredentials.TryGet(socket, out var caller))
        {
            LogNoCredentials(logger);
            throw new RpcException(new Status(StatusCode.PermissionDenied, "no identity issued: the caller's peer credentials are unknown"));
        }

        var id = options.CallerResolver.Resolve(caller, authority.TrustDomain.TrustDomain);
        if (id is null || id.TrustDomain != authority.TrustDomain.TrustDomain)
        {
            LogNoIdentity(logger, caller.Pid, caller.Uid);
            throw new RpcException(new Status(StatusCode.PermissionDenied, "no identity issued"));
        }

        return id;
    }

    [LoggerMessage(EventId = 2510, Level = LogLevel.Debug, Message = "issued X.509-SVID {Id}, valid until {NotAfter:O}")]
    private static partial void LogIssued(ILogger logger, SpiffeId id, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2511, Level = LogLevel.Warning, Message = "Workload API call without unix peer credentials refused")]
    private static partial void LogNoCredentials(ILogger logger);

    [LoggerMessage(EventId = 2512, Level = LogLevel.Warning, Message = "no identity for the caller pid {Pid} uid {Uid}")]
    private static partial void LogNoIdentity(ILogger logger, int pid, int uid);
}
