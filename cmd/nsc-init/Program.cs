using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.Nsc;
using Nsm.Cmd.NscInit;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;

// One-shot: request every service once, exit 0 when all are connected, 1 otherwise. No heal and no refresh: the
// connections outlive this process (cmd/nsc in the same pod takes them over).
var connected = false;
var exitCode = await NsmProgram.RunAsync("nsm-nsc-init", async () =>
{
    var env = new NsmEnvironment();
    var options = NscCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .AddClient(sp =>
        {
            var context = sp.GetRequiredService<NsmBuildContext>();
            return options.ToClientOptions(null, KernelMechanismOptions.ForProcess(Environment.ProcessId)) with
            {
                Refresh = false,
                Authorize = context.EnforcesPolicies ? new AuthorizeClient(AuthorizeClientOptions.ForContext(context)) : null,
            };
        });
    builder.Services.AddSingleton<NscInitRequests>();
    using var host = builder.Build();
    await host.StartAsync();
    var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
    connected = await host.Services.GetRequiredService<NscInitRequests>().RunAsync(lifetime.ApplicationStopping);
    await host.StopAsync();
});
return exitCode != 0 ? exitCode : connected ? 0 : 1;
