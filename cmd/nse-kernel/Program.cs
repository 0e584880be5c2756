using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.NseKernel;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nse-kernel", async () =>
{
    var env = new NsmEnvironment();
    var options = NseKernelCmdOptions.FromEnvironment(env);
    if (options.External is { } external)
    {
        await external.CheckDeviceAsync(CancellationToken.None);
    }

    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Endpoint.Name, Configuration = options })
        .ListenOn(options.Endpoint.ListenOn)
        .AddEndpoint(_ => options.ToEndpointOptions(KernelMechanismOptions.ForProcess(Environment.ProcessId)))
        .AddRegistration(_ => options.ToRegistrationOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
