using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// The one seam for transport security: how the host's listen endpoints are set up and how every channel the chains
/// dial is set up. Plaintext HTTP/2 today (<see cref="Plaintext"/>); mTLS (SPIFFE SVIDs) plugs in here, without
/// touching programs or elements.
/// </summary>
public abstract class NsmTransportCredentials
{
    /// <summary>Gets plain HTTP/2 without TLS (upstream's insecure mode, what every program uses today).</summary>
    public static NsmTransportCredentials Plaintext { get; } = new PlaintextCredentials();

    /// <summary>Gets a value indicating whether the transport is authenticated and encrypted.</summary>
    public abstract bool IsSecure { get; }

    /// <summary>
    /// Gets what the chains need to know about identities when the transport is secure (token identity, verified
    /// servers, policies on); <see langword="null"/> for plaintext.
    /// </summary>
    public virtual Nsm.Sdk.Builder.NsmSecurity? Security => null;

    /// <summary>Sets up one listen endpoint of the host (protocols, TLS).</summary>
    /// <param name="listen">The Kestrel endpoint.</param>
    public abstract void ConfigureServer(ListenOptions listen);

    /// <summary>Sets up a channel the chains dial (handler, TLS, credentials).</summary>
    /// <param name="channel">The channel options.</param>
    public abstract void ConfigureChannel(GrpcChannelOptions channel);

    private sealed class PlaintextCredentials : NsmTransportCredentials
    {
        public override bool IsSecure => false;

        public override void ConfigureServer(ListenOptions listen)
        {
            ArgumentNullException.ThrowIfNull(listen);
            listen.Protocols = HttpProtocols.Http2;
        }

        public override void ConfigureChannel(GrpcChannelOptions channel) => ArgumentNullException.ThrowIfNull(channel);
    }
}
