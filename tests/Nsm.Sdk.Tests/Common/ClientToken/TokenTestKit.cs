using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Common.ClientToken;

/// <summary>Identities, generators and a fake "gRPC boundary" for token tests.</summary>
internal static class TokenTestKit
{
    public static NsmIdentity Identity(string name) =>
        NsmIdentity.CreateSelfSigned(SpiffeId.Parse("spiffe://test.com/" + name), TimeProvider.System, TimeSpan.FromHours(1));

    public static SpiffeJwtTokenGenerator Generator(NsmIdentity identity, TimeProvider? clock = null) =>
        new(new StaticIdentityProvider(identity), clock ?? TimeProvider.System);

    public static TokenPeer Peer(NsmIdentity identity) => TokenPeer.FromCertificate(identity.Certificate!);

    /// <summary>What a server sees of a call whose client context is <paramref name="client"/>, over mTLS with <paramref name="callerCertificate"/>.</summary>
    public static NsmContext ServerSide(NsmContext client, X509Certificate2? callerCertificate)
    {
        var headers = new Metadata();
        foreach (var entry in client.GetOrDefault(GrpcCallContextKeys.OutgoingHeaders) ?? [])
        {
            headers.Add(entry);
        }

        var token = headers.GetValue(TokenMetadata.TokenKey);
        DateTimeOffset? expires = TokenMetadata.TryParseExpires(headers.GetValue(TokenMetadata.ExpiresKey), out var e) ? e : null;
        var server = new NsmContext(client.Clock) { Peer = new PeerInfo("unix:", token, expires) { Certificate = callerCertificate } };
        server.Set(GrpcCallContextKeys.IncomingHeaders, headers);
        return server;
    }

    public static string? Sub(string token) => Jwt.Parse(token).Claims.Subject;

    public static IReadOnlyList<string> Aud(string token) => Jwt.Parse(token).Claims.Audience;
}

/// <summary>A client element that ends a client chain by calling a server chain as a remote would.</summary>
internal sealed class FakeTransport(INetworkServiceServer server, X509Certificate2? callerCertificate) : INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        server.RequestAsync(request.Clone(), TokenTestKit.ServerSide(context, callerCertificate), NetworkServiceHandler.Tail);

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        server.CloseAsync(connection.Clone(), TokenTestKit.ServerSide(context, callerCertificate), NetworkServiceHandler.Tail);
}

/// <summary>Moves the path one hop on (what updatepath does), restoring the caller's index on the way back.</summary>
internal sealed class AdvancePath(string name) : INetworkServiceServer
{
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var path = request.Connection.Path;
        var index = path.Index;
        if (path.PathSegments.Count == index + 1)
        {
            path.PathSegments.Add(new PathSegment { Name = name, Id = Guid.NewGuid().ToString() });
        }

        path.Index++;
        var conn = await next.RequestAsync(request, context);
        conn.Path.Index = index;
        return conn;
    }

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        connection.Path.Index++;
        return next.CloseAsync(connection, context);
    }
}

/// <summary>A handler made of lambdas, standing in for "the rest of the chain".</summary>
internal sealed class FuncHandler(Func<NetworkServiceRequest, NsmContext, Connection>? onRequest = null, Action<Connection, NsmContext>? onClose = null)
    : NetworkServiceHandler
{
    public int Requests { get; private set; }

    public int Closes { get; private set; }

    public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
    {
        Requests++;
        return new(onRequest is null ? request.Connection : onRequest(request, context));
    }

    public override ValueTask CloseAsync(Connection connection, NsmContext context)
    {
        Closes++;
        onClose?.Invoke(connection, context);
        return default;
    }
}
