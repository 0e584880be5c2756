// An IDS as a passthrough NSE: it joins each incoming connection to its onward one (the same service, selected by
// NSM_LABELS) with a bridge, logs every flow that crosses it (conntrack: the 5-tuple when it starts, packets and bytes
// when it ends) and drops the flows that match a signature (NSM_IDS_DROP, e.g. "tcp any any port 22"). Fork it: the
// data path is the SDK's (KernelPassthroughEndpoint, NftFlowWatch); what to do with a flow is FlowLog.cs.
//   NSM_NAME=ids-1 NSM_SERVICE_NAME=ids-service NSM_LABELS=app=ids NSM_IDS_DROP="tcp any any port 22" ids-endpoint
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IdsEndpoint;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Flows;
using Nsm.Sdk.Kernel.Passthrough;

return await NsmProgram.RunAsync("ids-endpoint", async () =>
{
    var env = new NsmEnvironment();
    var options = IdsOptions.FromEnvironment(env);
    var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(sp => new KernelXconnect(new KernelXconnectOptions { Clock = sp.GetRequiredService<TimeProvider>() }));
    builder.Services.AddSingleton(_ => new NftFlowWatch(options.ToWatchOptions()));
    builder.Services.AddHostedService(sp => new FlowLog(
        sp.GetRequiredService<NftFlowWatch>(), options.PollInterval, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FlowLog>>()));
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddEndpoint(sp => options.ToPassthrough(netNSUrl).ToEndpointOptions(
            sp.GetRequiredService<KernelXconnect>(), sp.GetRequiredService<NsmBuildContext>(), new FlowWatchServer(sp.GetRequiredService<NftFlowWatch>())))
        .AddRegistration(_ => options.ToRegistrationOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
