using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.NseIcmpResponder;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nse-icmp-responder", async () =>
{
    var env = new NsmEnvironment();
    var options = NseCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddEndpoint(_ => options.ToEndpointOptions(KernelMechanismOptions.ForProcess(Environment.ProcessId)))
        .AddRegistration(_ => options.ToRegistrationOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
