using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Hosting;

namespace Nsm.Cmd.ForwarderVpp;

/// <summary>The program: options from the environment, VPP (external or private), then the forwarder as cmd/forwarder-kernel runs it.</summary>
internal static class ForwarderVppProgram
{
    public const string ProgramName = "nsm-forwarder-vpp";

    /// <summary>Runs the forwarder until <paramref name="cancellationToken"/> or a stop signal.</summary>
    /// <returns>0, or 2 for a configuration error or a VPP that cannot be used (one line on <paramref name="error"/>).</returns>
    public static async Task<int> RunAsync(string[] args, NsmEnvironment env, TextWriter error, CancellationToken cancellationToken)
    {
        return await VppProgram.RunAsync(ProgramName, () => RunForwarderAsync(args, env, cancellationToken), error);
    }

    private static async Task RunForwarderAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = ForwarderVppOptions.FromEnvironment(env);
        using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
        await using var vpp = await VppRuntime.StartAsync(options.Vpp, TimeProvider.System, startupLogs.CreateLogger("Nsm.Vpp"), cancellationToken);
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env, cancellationToken);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = options.Name, Configuration = options })
            .ListenOn(options.ListenOn)
            .AddForwarder(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Vpp");
                return options.ToForwarderOptions(ForwarderVppChain.Server(vpp.Client, options, logger), ForwarderVppChain.Client(vpp.Client, options, logger));
            });
        await using var app = builder.Build();
        app.MapNsm();
        await app.RunAsync(cancellationToken);
    }
}
