using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Tests.Spiffe;

/// <summary>
/// Both sides rotate their SVIDs (new keys) while their connection stays open: the policies of both sides verify
/// signatures against the certificates of that connection's handshake, so tokens sent on it are signed with the keys
/// presented there, and a refresh after the rotation passes <c>prev_token_signed</c> and <c>next_token_signed</c>.
/// </summary>
public sealed class RotationOnOpenConnectionTests
{
    private static readonly SpiffeId NseId = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/nse");
    private static readonly SpiffeId ClientId = SpiffeId.Parse("spiffe://nsm.local/ns/default/pod/client");

    [Fact]
    public async Task A_refresh_after_both_sides_rotated_passes_the_signature_policies_on_the_same_connection()
    {
        using var dir = new TempSocketDir();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var ca = new DevCertificateAuthority("nsm.local", clock);
        using var nseSource = new InMemoryX509Source(ca.Issue(NseId, TimeSpan.FromHours(1)), ca.CreateBundleSet());
        using var clientSource = new InMemoryX509Source(ca.Issue(ClientId, TimeSpan.FromHours(1)), ca.CreateBundleSet());
        var url = new Uri("unix://" + dir.Socket("nse"));

        var builder = NsmHost.CreateWebApplicationBuilder([]);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = "nse" })
            .ListenOn(url)
            .UseTransportCredentials(new SpiffeTransportCredentials(nseSource, clock))
            .AddEndpoint(_ => new EndpointOptions { Name = "nse" });
        await using var app = builder.Build();
        app.MapNsm();
        await app.StartAsync();

        var credentials = new SpiffeTransportCredentials(clientSource, clock);
        var context = new NsmBuildContext { TimeProvider = clock, ConfigureChannel = credentials.ConfigureChannel, Security = credentials.Security };
        var client = new NsmClient(
            new ClientOptions { Name = "client", ClientUrl = url, Refresh = false, Authorize = new AuthorizeClient(AuthorizeClientOptions.ForContext(context)) },
            context);
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1", NetworkService = "svc" } };
        var connection = await client.RequestAsync(request);
        var before = credentials.Security.ServerCertificate(url);

        nseSource.Set(ca.Issue(NseId, TimeSpan.FromHours(1)), ca.CreateBundleSet());
        clientSource.Set(ca.Issue(ClientId, TimeSpan.FromHours(1)), ca.CreateBundleSet());
        clock.Advance(TimeSpan.FromMinutes(1));
        var refreshed = await client.RequestAsync(new NetworkServiceRequest { Connection = connection });

        Assert.Equal(connection.Id, refreshed.Id);
        Assert.Same(before, credentials.Security.ServerCertificate(url)); // the same connection: no new handshake
        var nseToken = Jwt.Parse(refreshed.Path.PathSegments[1].Token);
        Assert.Equal([ClientId.ToString()], nseToken.Claims.Audience);
        await client.CloseAsync(refreshed);
        await app.StopAsync();
    }
}
