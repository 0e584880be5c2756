using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.Nsc;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Liveness;

// The NSC serves nothing: the Generic Host, no web server.
return await NsmProgram.RunAsync("nsm-nsc", async () =>
{
    var env = new NsmEnvironment();
    var options = NscCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(options);
    if (options.LivenessCheckEnabled)
    {
        builder.Services.AddSingleton(sp => new KernelLivenessCheck(
            new KernelLivenessOptions { EchoTimeout = options.LivenessEchoTimeout, Clock = sp.GetRequiredService<TimeProvider>() },
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Kernel.Liveness")));
    }

    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .AddClient(sp =>
        {
            // Heals stop as soon as the host is stopping, before the connections are closed.
            var healContext = sp.GetRequiredService<NsmBuildContext>() with { Lifetime = sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping };
            var heal = new HealClient(options.ToHealOptions(sp.GetService<KernelLivenessCheck>() is { } check ? check.CheckAsync : null), healContext);
            var context = sp.GetRequiredService<NsmBuildContext>();
            return options.ToClientOptions(heal, KernelMechanismOptions.ForProcess(Environment.ProcessId)) with
            {
                Authorize = context.EnforcesPolicies ? new AuthorizeClient(AuthorizeClientOptions.ForContext(context)) : null,
            };
        });
    builder.Services.AddHostedService<NscHostedService>();
    await builder.Build().RunAsync();
});
