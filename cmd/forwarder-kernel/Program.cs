using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Cmd.ForwarderKernel;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-forwarder-kernel", async () =>
{
    var env = new NsmEnvironment();
    var options = ForwarderCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddHostedService<ForwarderHostedService>();
    await builder.Build().RunAsync();
});
