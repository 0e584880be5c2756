using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.NseFirewall;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Passthrough;

// A passthrough NSE: joins each incoming connection to its onward one with a bridge and filters it with the rules.
return await NsmProgram.RunAsync("nsm-nse-firewall", async () =>
{
    var env = new NsmEnvironment();
    var options = FirewallCmdOptions.FromEnvironment(env);
    var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(sp => new FirewallDataPath(
        new KernelXconnect(new KernelXconnectOptions { Clock = sp.GetRequiredService<TimeProvider>() }),
        new NftAclEnforcer(options.Rules)));
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddEndpoint(sp =>
        {
            var dataPath = sp.GetRequiredService<FirewallDataPath>();
            return options.ToEndpointOptions(netNSUrl, dataPath.Xconnect, sp.GetRequiredService<NsmBuildContext>(), dataPath.Enforcer);
        })
        .AddRegistration(_ => options.ToRegistrationOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
