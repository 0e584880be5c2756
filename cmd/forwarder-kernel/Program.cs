using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.ForwarderKernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Forwarder;

// The forwarder leaves the pairs of live connections in place at stop: their traffic keeps flowing, and a restarted
// forwarder takes them over when healed.
return await NsmProgram.RunAsync("nsm-forwarder-kernel", async () =>
{
    var env = new NsmEnvironment();
    var options = ForwarderCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(_ => new KernelVethForwarder(new KernelVethForwarderOptions { Mtu = options.Mtu }));
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddForwarder(sp =>
        {
            var dataPlane = sp.GetRequiredService<KernelVethForwarder>();
            return options.ToForwarderOptions(dataPlane.Server, dataPlane.Client);
        });
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
