using System.Net.Sockets;
using System.Text;
using Nsm.Sdk.Core.FdPassing;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Core.FdPassing;

/// <summary>The grpcfd transport under gRPC: descriptors ride along with writes, are matched by (dev, ino), claimed once each and closed with the connection.</summary>
public sealed class FdPassingStreamTests : IDisposable
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-fd-" + Guid.NewGuid().ToString("N")[..8]);

    public FdPassingStreamTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Descriptors of this test's own files only: other tests open and pass descriptors at the same time.
    private int OpenFdCount() =>
        Directory.GetFiles("/proc/self/fd").Count(f =>
        {
            try
            {
                return File.ResolveLinkTarget(f, returnFinalTarget: false)?.FullName.StartsWith(_dir, StringComparison.Ordinal) == true;
            }
            catch (IOException)
            {
                return false;
            }
        });

    private string NewFile(string name)
    {
        var path = IOPath.Combine(_dir, name);
        File.WriteAllText(path, name);
        return path;
    }

    [Fact]
    public async Task A_sent_file_arrives_by_dev_ino_with_the_bytes_and_everything_is_closed_afterwards()
    {
        var before = OpenFdCount();
        var (client, server) = await PairAsync();
        var file = NewFile("ns");
        Assert.True(FdInode.TryOfPath(file, out var expected));

        var inode = client.SendFile(file);
        Assert.Equal(before + 1, OpenFdCount()); // queued
        Assert.Equal(expected, inode);
        await client.WriteAsync(Encoding.ASCII.GetBytes("hello"), CancellationToken.None);
        var buffer = new byte[16];
        var read = 0;
        while (read < 5)
        {
            read += await server.ReadAsync(buffer.AsMemory(read), CancellationToken.None);
        }

        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, 5));
        Assert.Equal(1, server.ReceivedCount);
        Assert.True(server.Receiver.TryReceive(inode, out var fd));
        Assert.Equal(0, server.ReceivedCount);
        using (fd)
        {
            Assert.True(FdInode.TryOfPath(fd.Path, out var got));
            Assert.Equal(expected, got);
            Assert.StartsWith($"file:///proc/{Environment.ProcessId}/fd/", fd.FileUrl, StringComparison.Ordinal);
        }

        Assert.False(server.Receiver.TryReceive(new FdInode(1, 2), out _));
        Assert.Equal(Environment.ProcessId, server.Receiver.Peer?.Pid);

        await client.DisposeAsync();
        await server.DisposeAsync();
        Assert.Equal(before, OpenFdCount());
    }

    [Fact]
    public async Task Each_passed_copy_is_claimed_once_and_many_ride_one_write()
    {
        var before = OpenFdCount();
        var (client, server) = await PairAsync();
        var a = NewFile("a");
        client.SendFile(a);
        client.SendFile(a);
        client.SendFile(NewFile("b"));
        await client.WriteAsync(Encoding.ASCII.GetBytes("abc"), CancellationToken.None);
        var buffer = new byte[8];
        var read = 0;
        while (read < 3)
        {
            read += await server.ReadAsync(buffer.AsMemory(read), CancellationToken.None);
        }

        Assert.Equal("abc", Encoding.ASCII.GetString(buffer, 0, 3));
        Assert.Equal(3, server.ReceivedCount);
        Assert.True(FdInode.TryOfPath(a, out var net));
        Assert.True(server.Receiver.TryReceive(net, out var first));
        Assert.True(server.Receiver.TryReceive(net, out var second));
        Assert.False(server.Receiver.TryReceive(net, out _));
        first.Dispose();
        second.Dispose();
        Assert.Equal(1, server.ReceivedCount); // the unclaimed one closes with the connection
        await client.DisposeAsync();
        await server.DisposeAsync();
        Assert.Equal(before, OpenFdCount());
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_refused_at_once()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var stream = new FdPassingStream(socket);
        Assert.Throws<IOException>(() => stream.SendFile(IOPath.Combine(_dir, "missing")));
    }

    [Fact]
    public void A_namespace_passes_by_the_dev_ino_of_its_nsfs_file()
    {
        Assert.True(FdInode.TryOfPath("/proc/self/ns/net", out var viaSelf));
        Assert.True(FdInode.TryOfPath($"/proc/{Environment.ProcessId}/ns/net", out var viaPid));
        Assert.Equal(viaSelf, viaPid);
        Assert.NotEqual(0ul, viaSelf.Inode);
    }

    [Theory]
    [InlineData("inode://4/4026531840", true)]
    [InlineData("inode://4/", false)]
    [InlineData("inode:///4026531840", false)]
    [InlineData("file:///proc/1/ns/net", false)]
    public void Inode_urls_parse_as_grpcfd_writes_them(string url, bool ok)
    {
        Assert.Equal(ok, FdInode.TryParseUrl(url, out var inode));
        if (ok)
        {
            Assert.Equal(url, inode.ToUrl());
        }
    }

    private async Task<(FdPassingStream Client, FdPassingStream Server)> PairAsync()
    {
        var endpoint = new UnixDomainSocketEndPoint(IOPath.Combine(_dir, "s" + Guid.NewGuid().ToString("N")[..6]));
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(endpoint);
        listener.Listen(1);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(endpoint);
        var accepted = await listener.AcceptAsync();
        return (new FdPassingStream(socket), new FdPassingStream(accepted));
    }
}
