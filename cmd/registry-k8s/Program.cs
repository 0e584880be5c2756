using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Cmd.RegistryK8s;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

// nsm-registry-k8s: the registry whose records are NetworkService and NetworkServiceEndpoint custom resources
// (networkservicemesh.io/v1) of its namespace, reached through a small REST + watch client of ours (no KubernetesClient
// package): Native AOT like every other program. See cmd/registry-k8s/README.md.
return await NsmProgram.RunAsync("nsm-registry-k8s", async () =>
{
    var env = new NsmEnvironment();
    var options = RegistryK8sCmdOptions.FromEnvironment(env);
    var api = options.ToApiSettings();
    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = options.Name, Configuration = options })
        .ListenOn(options.ListenOn);
    builder.Services.AddSingleton(_ => api.CreateHttpClient());
    builder.Services.AddSingleton(sp => new RegistryK8sServer(
        options.ToRegistryOptions(), sp.GetRequiredService<HttpClient>(), api, new(), sp.GetRequiredService<NsmBuildContext>()));
    builder.Services.AddSingleton(sp => sp.GetRequiredService<RegistryK8sServer>().Chains);
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
