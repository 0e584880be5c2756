using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Nsm.Sdk.Hosting;

/// <summary>The Generic Host the way NSM programs use it: configured from the environment, no file watching.</summary>
public static class NsmHost
{
    /// <summary>Creates a host builder with the defaults of <see cref="Host.CreateApplicationBuilder(string[])"/>, less config file watching.</summary>
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
        return Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
    }
}
