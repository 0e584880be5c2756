using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Nsm.Api.Spiffe;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;
using Nsm.Sdk.Spiffe;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary>
/// <c>nsmctl svid</c>: asks the Workload API (<c>SPIFFE_ENDPOINT_SOCKET</c>, else the mesh's socket) for this
/// process's X.509-SVID once and prints its SPIFFE ID and expiry, as <c>spire-agent api fetch x509</c> does. Run in a
/// pod (<c>nsmctl exec POD -- nsmctl svid</c>) it shows the pod's identity; elsewhere the answer is PermissionDenied.
/// </summary>
internal static class SvidCommand
{
    public static Command Create()
    {
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for the answer", DefaultValueFactory = _ => "10s" };
        var command = new Command("svid", "Fetch this process's X.509-SVID from the Workload API and print its SPIFFE ID (in a pod: nsmctl exec POD -- nsmctl svid)") { timeout };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var address = Environment.GetEnvironmentVariable(ContainerEnv.SpiffeSocketVariable) is { Length: > 0 } named
                ? WorkloadApiAddress.Parse(named)
                : new Uri("unix://" + context.Layout.WorkloadApiSocket);
            if (address.Scheme != "unix")
            {
                throw new ManifestException($"error: {address}: only unix Workload API sockets are supported here");
            }

            using var channel = UnixGrpc.Channel(address.AbsolutePath);
            var client = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
            var headers = new Metadata { { WorkloadApiHeaders.SecurityHeaderKey, WorkloadApiHeaders.SecurityHeaderValue } };
            using var expiry = new CancellationTokenSource(Duration.Parse(parse.GetValue(timeout)!), context.Time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct, expiry.Token);
            try
            {
                using var call = client.FetchX509SVID(new X509SVIDRequest(), headers, cancellationToken: deadline.Token);
                if (!await call.ResponseStream.MoveNext(deadline.Token) || call.ResponseStream.Current.Svids.Count == 0)
                {
                    throw new ManifestException($"error: {address}: no X.509-SVID in the answer");
                }

                foreach (var svid in call.ResponseStream.Current.Svids)
                {
                    var chain = DerCertificates.Read(svid.X509Svid.Span);
                    Console.Out.WriteLine($"{svid.SpiffeId} (valid until {chain[0].NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})");
                    foreach (var certificate in chain)
                    {
                        certificate.Dispose();
                    }
                }

                return 0;
            }
            catch (RpcException ex)
            {
                throw new ManifestException($"error: {address}: {ex.StatusCode}: {ex.Status.Detail}");
            }
        }));
        return command;
    }
}
