using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.NsmgrProxy;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nsmgr-proxy", async () =>
{
    var env = new NsmEnvironment();
    var options = NsmgrProxyCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddNsmgrProxy(_ => options.ToProxyOptions());
    await using var app = builder.Build();
    if (File.Exists(options.MapIpFilePath))
    {
        app.Logger.LogWarning("nsmgr-proxy: {File} (internal → external IP map) is not applied: addresses are advertised as they are", options.MapIpFilePath);
    }

    app.MapNsm();
    await app.RunAsync();
});
