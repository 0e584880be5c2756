using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Hosting;

/// <summary><c>services.AddNsm()</c>: registrations, options and the build context.</summary>
public class NsmBuilderTests
{
    [Fact]
    public void Adding_twice_keeps_the_first_and_one_hosted_service()
    {
        var services = new ServiceCollection();
        services.AddNsm().AddEndpoint(_ => new EndpointOptions { Name = "first" });
        services.AddNsm().AddEndpoint(_ => new EndpointOptions { Name = "second" });
        Assert.Single(services, d => d.ServiceType == typeof(NsmEndpoint));
        Assert.Single(services, d => d.ServiceType == typeof(NsmServerChains));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        services.AddLogging();
        using var provider = services.BuildServiceProvider();
        Assert.Equal("first", provider.GetRequiredService<NsmEndpoint>().Name);
    }

    [Fact]
    public void Host_options_are_changed_in_order_and_validated_at_build()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddNsm()
            .ListenOn(new Uri("unix:///tmp/a.sock"))
            .Configure(o => o with { Name = "nse-a" })
            .ListenOn(new Uri("unix:///tmp/b.sock"), new Uri("tcp://127.0.0.1:5003"));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<NsmHostOptions>();
        Assert.Equal("nse-a", options.Name);
        Assert.Equal(2, options.ListenOn.Count);
        Assert.Same(NsmTransportCredentials.Plaintext, options.Credentials);

        var bad = new ServiceCollection().AddLogging();
        bad.AddNsm().Configure(o => o with { Name = " " });
        using var badProvider = bad.BuildServiceProvider();
        Assert.Throws<ArgumentException>(() => badProvider.GetRequiredService<NsmHostOptions>());
    }

    [Fact]
    public async Task The_build_context_carries_the_host_clock_and_a_lifetime_that_ends_after_the_stop()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddNsm().AddEndpoint(_ => new EndpointOptions { Name = "nse" });
        await using var provider = services.BuildServiceProvider();
        var context = provider.GetRequiredService<NsmBuildContext>();
        Assert.Same(clock, context.TimeProvider);
        Assert.False(context.Lifetime.IsCancellationRequested);
        Assert.Equal(provider.GetRequiredService<NsmHostLifetime>().Components, context.Lifetime);
        Assert.False(provider.GetRequiredService<NsmEndpoint>().Monitor.Lifetime.IsCancellationRequested);

        await provider.GetRequiredService<NsmHostLifetime>().EndComponentsAsync();
        Assert.True(context.Lifetime.IsCancellationRequested);
        Assert.True(provider.GetRequiredService<NsmEndpoint>().Monitor.Lifetime.IsCancellationRequested);
    }
}
