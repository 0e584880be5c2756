using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Interdomain;

namespace Nsm.Sdk.Common.InterdomainBypass;

/// <summary>
/// nsmgr-proxy's networkservice half of <c>interdomainbypass</c>: a Request for an endpoint the proxy advertised (its
/// registry half remembered the endpoint's real URL) goes straight there; any other Request is for this domain, so the
/// <c>@domain</c> is taken off the endpoint and service names for discover, and put back on the answer.
/// </summary>
/// <remarks>Chain placement: nsmgr-proxy, after the endpoint chain's elements, before discover.</remarks>
/// <param name="urls">The memory shared with <see cref="InterdomainBypassNseServer"/>.</param>
public sealed class InterdomainBypassServer(InterdomainUrls urls) : INetworkServiceServer
{
    private readonly InterdomainUrls _urls = urls ?? throw new ArgumentNullException(nameof(urls));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = request.Connection ??= new Connection();
        if (_urls.TryGet(connection.NetworkServiceEndpointName, out var url))
        {
            context.ClientUrl = url;
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var (service, endpoint) = (connection.NetworkService, connection.NetworkServiceEndpointName);
        var local = request.Clone();
        local.Connection.NetworkService = InterdomainName.Local(service);
        local.Connection.NetworkServiceEndpointName = InterdomainName.Local(endpoint);
        var conn = await next.RequestAsync(local, context).ConfigureAwait(false);
        var answer = conn.Clone();
        answer.NetworkService = InterdomainName.Join(answer.NetworkService, InterdomainName.Domain(service));
        answer.NetworkServiceEndpointName = InterdomainName.Join(answer.NetworkServiceEndpointName, InterdomainName.Domain(endpoint.Length > 0 ? endpoint : service));
        return answer;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_urls.TryGet(connection.NetworkServiceEndpointName, out var url))
        {
            context.ClientUrl = url;
            return next.CloseAsync(connection, context);
        }

        var local = connection.Clone();
        local.NetworkService = InterdomainName.Local(local.NetworkService);
        local.NetworkServiceEndpointName = InterdomainName.Local(local.NetworkServiceEndpointName);
        return next.CloseAsync(local, context);
    }
}
