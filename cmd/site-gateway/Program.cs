using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Cmd.SiteGateway;
using Nsm.Sdk.Hosting;

// The guide's nsm-config tunnel on Kubernetes: a DaemonSet on the host network. On the gateway node (NSM_SITE_GATEWAY
// empty) it runs the WireGuard tunnel to the other cluster; on the others it routes the tunnel's prefixes through the
// gateway.
return await NsmProgram.RunAsync("nsm-site-gateway", async () =>
{
    var env = new NsmEnvironment();
    var options = SiteGatewayCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddHostedService<SiteGatewayService>();
    using var host = builder.Build();
    await host.RunAsync();
});
