using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.ForwarderKernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Forwarder.Remote;

// The forwarder leaves the pairs of live connections in place at stop: their traffic keeps flowing, and a restarted
// forwarder takes them over when healed.
return await NsmProgram.RunAsync("nsm-forwarder-kernel", async () =>
{
    var env = new NsmEnvironment();
    var options = ForwarderCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(_ => new KernelVethForwarder(new KernelVethForwarderOptions { Mtu = options.Mtu }));
    builder.Services.AddSingleton(sp => new RemoteForwarder(
        new RemoteForwarderOptions
        {
            TunnelIP = options.Tunnel.TunnelIP,
            VxlanPort = options.Tunnel.VxlanPort,
            Priority = options.Tunnel.Priority,
            Mtu = options.Mtu,
        },
        sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Kernel.WireGuard")));
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddForwarder(sp =>
        {
            var local = sp.GetRequiredService<KernelVethForwarder>();
            var remote = sp.GetRequiredService<RemoteForwarder>();
            return options.ToForwarderOptions([local.Server, .. remote.ServerElements], [local.Client, .. remote.ClientElements]);
        });
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
