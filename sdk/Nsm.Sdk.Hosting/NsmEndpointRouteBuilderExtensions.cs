using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the NSM gRPC services into the program's one web host.</summary>
public static class NsmEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the gRPC services of the host's chains (those registered by <c>AddEndpoint</c>, <c>AddNsmgr</c>,
    /// <c>AddForwarder</c> or <c>AddRegistry</c>) and the gRPC health service, SERVING for each. Calls still open
    /// <see cref="NsmHost.ServerStopGrace"/> after the stop began are cut (streams never end by themselves).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapNsm(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cut = app.Services.GetRequiredService<NsmHostLifetime>().ServerCut;
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            using var abort = cut.UnsafeRegister(static s => ((HttpContext)s!).Abort(), http);
            await next(http).ConfigureAwait(false);
        });

        PeerLimitMiddleware.Use(app);
        var health = app.Services.GetRequiredService<HealthServiceImpl>();
        health.SetStatus(string.Empty, HealthCheckResponse.Types.ServingStatus.Serving);
        if (app.Services.GetService<NsmServerChains>() is { } chains)
        {
            NsmChainServices.Map(app, chains, health);
        }

        app.MapGrpcService<Nsm.Sdk.Hosting.NsmGrpcService<HealthServiceImpl>>();
        return app;
    }
}
