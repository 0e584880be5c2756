using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Cmd.Nsc;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nsc", async () =>
{
    var env = new NsmEnvironment();
    var options = NscCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddHostedService<NscHostedService>();
    await builder.Build().RunAsync();
});
