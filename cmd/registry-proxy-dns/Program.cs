using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.RegistryProxyDns;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-registry-proxy-dns", async () =>
{
    var env = new NsmEnvironment();
    var options = RegistryProxyDnsCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddRegistryProxyDns(_ => options.ToProxyOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
