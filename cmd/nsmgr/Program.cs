using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.Nsmgr;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nsmgr", async () =>
{
    var env = new NsmEnvironment();
    var options = NsmgrCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddNsmgr(_ => options.ToNsmgrOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
