using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.Registry;
using Nsm.Sdk.Hosting;

RegistryCmdOptions options;
try
{
    options = RegistryCmdOptions.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync($"nsm-registry: bad configuration: {ex.Message}");
    return 2;
}

return await NsmProgram.RunAsync("nsm-registry", async () =>
{
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
    });
    builder.Logging.SetMinimumLevel(options.LogLevel);

    // No per-request Activity only for log scopes: each watch stream would keep one (see NsmLogging.AddNsmConsole).
    builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", options.LogLevel <= LogLevel.Debug ? options.LogLevel : LogLevel.None);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddNsmRegistryServer(o => o with
    {
        Name = options.Name,
        DefaultExpiration = options.ExpirePeriod,
        ProxyRegistryUrl = options.ProxyRegistryUrl,
        MaxTokenLifetime = options.MaxTokenLifetime,
    });
    builder.Services.AddHostedService<RegistryHostedService>();
    await builder.Build().RunAsync();
});
