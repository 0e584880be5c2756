using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
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
    app.MapNsm();
    await app.RunAsync();
});
