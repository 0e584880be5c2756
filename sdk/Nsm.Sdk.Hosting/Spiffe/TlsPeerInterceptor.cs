using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections.Features;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// Hands the caller's TLS client certificate and its SPIFFE ID to the chains (upstream's peer AuthInfo): puts them in
/// <see cref="ServerCallContext.UserState"/>, where <see cref="ServerCallContextFactory"/> reads them into
/// <see cref="PeerInfo"/>. Does nothing on a plaintext connection.
/// </summary>
public sealed class TlsPeerInterceptor : Interceptor
{
    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Attach(context);
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Attach(context);
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Attach(context);
        return continuation(requestStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Attach(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Attach(ServerCallContext context)
    {
        if (context.GetHttpContext().Connection.ClientCertificate is not { } certificate)
        {
            return;
        }

        context.UserState[ServerCallContextFactory.PeerCertificateKey] = certificate;
        if (context.GetHttpContext().Features.Get<IConnectionItemsFeature>()?.Items is { } items)
        {
            if (items.TryGetValue(SpiffeTransportCredentials.PresentedCertificateItem, out var presented) && presented is X509Certificate2 local)
            {
                context.UserState[ServerCallContextFactory.LocalCertificateKey] = local;
            }

            if (items.TryGetValue(SpiffeTransportCredentials.VerifiedPeersItem, out var verified) && verified is VerifiedPeerCertificates peers)
            {
                context.UserState[ServerCallContextFactory.PeerOtherCertificatesKey] = peers.SameIdentity(certificate);
            }
        }

        if (SpiffeCertificate.TryGetSpiffeId(certificate, out var id))
        {
            context.UserState[ServerCallContextFactory.PeerSpiffeIdKey] = id.ToString();
        }
    }
}

/// <summary>Adds <see cref="TlsPeerInterceptor"/> to every gRPC service of the host (registered once by <c>AddNsm</c>).</summary>
internal sealed class TlsPeerInterceptorSetup : Microsoft.Extensions.Options.IConfigureOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>
{
    public void Configure(Grpc.AspNetCore.Server.GrpcServiceOptions options) => options.Interceptors.Add<TlsPeerInterceptor>();
}
