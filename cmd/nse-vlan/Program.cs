using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.NseVlan;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Segments;

// An L2 NSE: one bridge per service that every client's interface joins; with NSM_VLAN_ID the segment also leaves
// through NSM_DEVICE_NAME as that 802.1Q VLAN. Stopping removes the bridges and what the uplink got (tagger or vlan link).
return await NsmProgram.RunAsync("nsm-nse-vlan", async () =>
{
    var env = new NsmEnvironment();
    var options = VlanCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(sp => new L2SegmentServer(
        options.ToSegmentOptions(sp.GetRequiredService<TimeProvider>()),
        sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Cmd.NseVlan")));
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddEndpoint(sp => options.ToEndpointOptions(KernelMechanismOptions.ForProcess(Environment.ProcessId), sp.GetRequiredService<L2SegmentServer>()))
        .AddRegistration(_ => options.ToRegistrationOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.Services.GetRequiredService<L2SegmentServer>().StartAsync(app.Lifetime.ApplicationStopping);
    await app.RunAsync();
});
