using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

/// <summary>An NSE host (<c>AddNsm</c>) served over SPIFFE mTLS, called by a raw generated client.</summary>
public sealed class MtlsHostTests
{
    private static readonly SpiffeId NseId = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/nse");
    private static readonly SpiffeId ClientId = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/client");

    [Fact]
    public async Task The_endpoint_sees_the_client_by_its_certificate_and_mints_its_token_for_it()
    {
        using var dir = new TempSocketDir();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var ca = new DevCertificateAuthority("nsm.local", clock);
        using var nseSource = new InMemoryX509Source(ca.Issue(NseId, TimeSpan.FromHours(1)), ca.CreateBundleSet());
        using var clientSource = new InMemoryX509Source(ca.Issue(ClientId, TimeSpan.FromMinutes(4)), ca.CreateBundleSet());
        var url = new Uri("unix://" + dir.Socket("nse"));

        var builder = NsmHost.CreateWebApplicationBuilder([]);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = "nse" })
            .ListenOn(url)
            .UseTransportCredentials(new SpiffeTransportCredentials(nseSource, clock))
            .AddEndpoint(_ => new EndpointOptions { Name = "nse", TokenGenerator = new SpiffeJwtTokenGenerator(nseSource, clock) });
        await using var app = builder.Build();
        app.MapNsm();
        await app.StartAsync();

        var clientCredentials = new SpiffeTransportCredentials(clientSource, clock, SpiffeAuthorizer.Exactly(NseId));
        using (var channel = NsmGrpcChannels.Create(url, clientCredentials.ConfigureChannel))
        {
            var client = new NetworkService.NetworkServiceClient(channel);
            var token = new SpiffeJwtTokenGenerator(clientSource, clock).GenerateToken(new TokenPeer(NseId, null));
            var request = new NetworkServiceRequest
            {
                Connection = new Connection
                {
                    Id = "c1",
                    NetworkService = "svc",
                    Path = new Nsm.Api.NetworkService.Path
                    {
                        PathSegments =
                        {
                            new PathSegment { Name = "client", Id = "c1", Token = token.Token, Expires = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(token.ExpiresAt) },
                        },
                    },
                },
            };
            var reply = await client.RequestAsync(request, deadline: DateTime.UtcNow.AddSeconds(10));

            var nseSegment = reply.Path.PathSegments[1];
            var jwt = Jwt.Parse(nseSegment.Token);
            Assert.Equal(NseId.ToString(), jwt.Claims.Subject);
            Assert.Equal([ClientId.ToString()], jwt.Claims.Audience); // the peer certificate from the TLS handshake
            Assert.Equal(clientSource.Svid.NotAfter, nseSegment.Expires.ToDateTimeOffset()); // capped by the client's certificate
            Assert.True(JwtVerifier.VerifyEs256(jwt, nseSource.Svid.Certificate));
        }

        using var plaintext = NsmGrpcChannels.Create(url);
        await Assert.ThrowsAsync<RpcException>(() => new NetworkService.NetworkServiceClient(plaintext).RequestAsync(new NetworkServiceRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        await app.StopAsync();
    }
}
