using Grpc.Net.Client;
using Nsm.Sdk.Common.Dial;

namespace Nsm.Sdk.Tests.Common.Dial;

/// <summary>The one channel pool behind the network service dial (counted leases) and the registry dial (pinned channels).</summary>
public class ChannelPoolTests
{
    private static readonly Uri A = new("tcp://127.0.0.1:1");
    private static readonly Uri B = new("tcp://127.0.0.1:2");

    [Fact]
    public void Acquire_shares_one_channel_per_url_until_the_last_release()
    {
        var made = 0;
        using var pool = new ChannelPool(url => { made++; return GrpcChannel.ForAddress("http://" + url.Authority); });
        var first = pool.Acquire(A);
        var second = pool.Acquire(A);
        Assert.Same(first, second);
        Assert.NotSame(first, pool.Acquire(B));
        Assert.Equal(2, made);

        pool.Release(first);
        Assert.Equal(2, pool.Count);
        pool.Release(second);
        Assert.Equal(1, pool.Count);
        Assert.NotSame(first, pool.Acquire(A));
        Assert.Equal(3, made);
    }

    [Fact]
    public void Pin_keeps_the_channel_after_leases_are_released_and_counts_once()
    {
        using var pool = new ChannelPool(url => GrpcChannel.ForAddress("http://" + url.Authority));
        var pinned = pool.Pin(A);
        Assert.Same(pinned, pool.Pin(A));
        var lease = pool.Acquire(A);
        Assert.Same(pinned, lease);
        pool.Release(lease);
        Assert.Equal(1, pool.Count);
        Assert.Same(pinned, pool.Pin(A));
    }

    [Fact]
    public void Dispose_closes_every_channel_and_refuses_new_leases()
    {
        var pool = new ChannelPool(url => GrpcChannel.ForAddress("http://" + url.Authority));
        pool.Pin(A);
        pool.Acquire(B);
        pool.Dispose();
        Assert.Equal(0, pool.Count);
        Assert.Throws<ObjectDisposedException>(() => pool.Acquire(A));
        Assert.Throws<ObjectDisposedException>(() => pool.Pin(A));
    }

    [Fact]
    public void Options_default_factory_applies_ConfigureChannel_and_ChannelFactory_wins()
    {
        var configured = 0;
        using var plain = new DialOptions { ConfigureChannel = _ => configured++ }.CreatePool();
        plain.Acquire(new Uri("tcp://127.0.0.1:5000"));
        Assert.Equal(1, configured);

        var made = 0;
        using var custom = new DialOptions
        {
            ConfigureChannel = _ => configured++,
            ChannelFactory = url => { made++; return GrpcChannel.ForAddress("http://" + url.Authority); },
        }.CreatePool();
        custom.Pin(A);
        Assert.Equal(1, made);
        Assert.Equal(1, configured);
    }

    [Fact]
    public void One_options_type_validates_for_both_dials()
    {
        Assert.Equal(TimeSpan.Zero, new DialOptions().DialTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(300), DialOptions.DefaultRegistryDialTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DialOptions { DialTimeout = TimeSpan.FromSeconds(-1) }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Nsm.Sdk.Registry.Common.Dial.DialNseClient(new DialOptions { DialTimeout = TimeSpan.FromSeconds(-1) }));
    }
}
