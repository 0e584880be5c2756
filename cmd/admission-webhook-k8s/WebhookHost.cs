using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Cmd.AdmissionWebhookK8s.Kube;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>The webhook's web host: HTTPS on <c>NSM_LISTEN_ON</c>, <c>POST /mutate</c>, <c>GET /ready</c>, and its registration.</summary>
internal static class WebhookHost
{
    /// <summary>The largest AdmissionReview read (the API server's own request limit is 3 MiB).</summary>
    public const int MaxReviewBytes = 4 * 1024 * 1024;

    public static WebApplication Build(string[] args, NsmEnvironment env, WebhookCmdOptions options, ServingCertificate certificate, KubeApiClient kube)
    {
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxReviewBytes;
            var host = options.ListenOn.Host.Trim('[', ']');
            var port = options.ListenOn.Port;
            Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> https = listen => listen.UseHttps(certificate.Certificate);
            if (host.Length == 0 || host is "0.0.0.0" or "::" or "*")
            {
                kestrel.ListenAnyIP(port, https);
            }
            else if (host == "localhost")
            {
                kestrel.ListenLocalhost(port, https);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(host), port, https);
            }
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(certificate);
        builder.Services.AddSingleton(kube);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AdmissionReviewHandler>();
        builder.Services.AddHostedService<WebhookRegistration>();

        var app = builder.Build();
        app.MapPost(WebhookConfiguration.MutatePath, (RequestDelegate)MutateAsync);
        app.MapGet("/ready", (RequestDelegate)(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        }));
        return app;
    }

    private static async Task MutateAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var handler = context.RequestServices.GetRequiredService<AdmissionReviewHandler>();
        var answer = await handler.HandleAsync(body.GetBuffer().AsMemory(0, (int)body.Length), context.RequestAborted);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted);
    }
}
