using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Cmd.Nsmgr;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nsmgr", async () =>
{
    var env = new NsmEnvironment();
    var options = NsmgrCmdOptions.FromEnvironment(env, Environment.GetEnvironmentVariable);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddSingleton(TimeProvider.System);
    builder.Services.AddHostedService<NsmgrHostedService>();
    await builder.Build().RunAsync();
});
