using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Cmd.NseIcmpResponder;
using Nsm.Sdk.Hosting;

return await NsmProgram.RunAsync("nsm-nse-icmp-responder", async () =>
{
    var env = new NsmEnvironment();
    var options = NseCmdOptions.FromEnvironment(env);
    var builder = NsmHost.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddSingleton(options);
    builder.Services.AddHostedService<NseHostedService>();
    await builder.Build().RunAsync();
});
