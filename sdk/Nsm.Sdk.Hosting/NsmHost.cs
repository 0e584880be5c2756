using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The Generic Host the way NSM programs use it: configured from the environment, no file watching, and out within
/// <see cref="ShutdownTimeout"/> of SIGTERM.
/// </summary>
public static class NsmHost
{
    /// <summary>
    /// How long the host waits for its services to stop after SIGTERM (2 s; the Generic Host's default is 30 s).
    /// Services that close or unregister what they own give that work <see cref="CleanupTimeout"/>.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The budget of a program's own clean-up at stop (closing connections, unregistering, stopping its server): 1.5 s.</summary>
    public static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// How long a stopping gRPC server lets calls in flight finish before it cuts them (0.5 s): streams (monitors,
    /// registry watches) never end by themselves, so waiting longer only delays the exit.
    /// </summary>
    public static readonly TimeSpan ServerStopGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Creates a host builder with the defaults of <see cref="Host.CreateApplicationBuilder(string[])"/>, less config
    /// file watching, with <see cref="ShutdownTimeout"/> and the telemetry the environment asks for
    /// (<see cref="NsmTelemetryExtensions.AddNsmTelemetry(IHostApplicationBuilder)"/>).
    /// </summary>
    /// <remarks>
    /// Reloading appsettings*.json on change (on by default) puts a recursive inotify watch on the content root, the
    /// working directory: the whole tree under it (all of <c>/</c> in a container started there), for files NSM
    /// programs never read.
    /// </remarks>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder CreateApplicationBuilder(string[] args)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.AddNsmTelemetry();
        return builder;
    }

    /// <summary>
    /// Creates the one web host of a program that serves gRPC (<c>services.AddNsm()</c>, <c>app.MapNsm()</c>): a slim
    /// <see cref="WebApplication"/> builder without config file watching, with <see cref="ShutdownTimeout"/> and the
    /// telemetry the environment asks for.
    /// </summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder CreateWebApplicationBuilder(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [.. args ?? [], "--hostBuilder:reloadConfigOnChange=false"] });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.AddNsmTelemetry();
        return builder;
    }
}
