using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.Registry;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-registry", async () =>
{
    var env = new NsmEnvironment();
    var options = RegistryCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn)
        .AddRegistry(_ => options.ToRegistryOptions());
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
