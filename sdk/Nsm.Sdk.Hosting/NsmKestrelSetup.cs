using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>Listens on <see cref="NsmHostOptions.ListenOn"/> (unix sockets and TCP in the one host), each endpoint set up by the transport credentials.</summary>
internal sealed class NsmKestrelSetup(NsmHostOptions options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        foreach (var url in options.ListenOn)
        {
            if (NsmUrl.IsUnix(url))
            {
                var path = NsmUrl.SocketPath(url);
                if (System.Text.Encoding.UTF8.GetByteCount(path) > 107)
                {
                    throw new NsmConfigurationException($"NSM_LISTEN_ON: the unix socket path {path} is {System.Text.Encoding.UTF8.GetByteCount(path)} bytes long; Linux allows 107");
                }

                if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
                {
                    Directory.CreateDirectory(dir);
                }

                File.Delete(path); // a socket file left by a dead process would make bind fail
                kestrel.ListenUnixSocket(path, options.Credentials.ConfigureServer);
            }
            else
            {
                var address = url.Host is "localhost" or "" ? IPAddress.Loopback : IPAddress.Parse(url.Host.Trim('[', ']'));
                kestrel.Listen(address, url.Port, options.Credentials.ConfigureServer);
            }
        }
    }
}
