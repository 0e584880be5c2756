using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.UpdateToken;

/// <summary>
/// Records tokens in the connection path (upstream <c>updatetoken.NewServer</c>, wire spec §4.2): the token the caller
/// presented goes into the caller's segment (<c>index−1</c>), and a token this hop mints for the caller goes into
/// this hop's segment (<c>index</c>). Both segments get their <c>expires</c> (wire spec §4.5).
/// </summary>
/// <remarks>
/// <para>Placement: right after updatepath and begin, before authorize, in every server chain. Request and Close
/// both update the path; the request's path is changed in place.</para>
/// <para>A missing caller token (no <c>nsm-client-token</c>, or an in-process call) only logs a warning. An index
/// outside the path is an error (<see cref="StatusCode.InvalidArgument"/>).</para>
/// </remarks>
/// <param name="generator">Mints this hop's tokens.</param>
public sealed partial class UpdateTokenServer(ITokenGenerator generator) : INetworkServiceServer
{
    private readonly ITokenGenerator _generator = generator ?? throw new ArgumentNullException(nameof(generator));

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        request.Connection ??= new Connection();
        Update(request.Connection, context);
        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(next);
        Update(connection, context);
        return next.CloseAsync(connection, context);
    }

    private void Update(Connection connection, NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = connection.Path ?? new Nsm.Api.NetworkService.Path();
        var segments = path.PathSegments;
        var index = (int)path.Index;
        if (index >= segments.Count)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument,
                $"NetworkServiceRequest.Connection.Path.Index({index}) must be less than len(Connection.Path.PathSegments)({segments.Count})");
        }

        if (index > 0)
        {
            var peer = context.Peer;
            if (peer?.Token is { } token && peer.TokenExpires is { } expires)
            {
                segments[index - 1].Token = token;
                segments[index - 1].Expires = Timestamp.FromDateTimeOffset(expires);
            }
            else
            {
                LogNoPeerToken(context.Logger, connection.Id);
            }
        }

        var own = _generator.GenerateToken(context.Peer.ToTokenPeer());
        segments[index].Token = own.Token;
        segments[index].Expires = Timestamp.FromDateTimeOffset(own.ExpiresAt);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning,
        Message = "updatetoken: connection {ConnectionId}: no caller token (nsm-client-token/-expires missing or repeated); previous segment left unchanged")]
    private static partial void LogNoPeerToken(ILogger logger, string connectionId);
}
