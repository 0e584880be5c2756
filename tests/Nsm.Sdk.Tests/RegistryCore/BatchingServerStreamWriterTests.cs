using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Tests.RegistryCore;

public sealed class BatchingServerStreamWriterTests
{
    [Fact]
    public async Task Buffers_every_write_until_about_60_KiB_have_gathered_then_flushes_one()
    {
        var inner = new RecordingWriter();
        var writer = new BatchingServerStreamWriter<NetworkServiceEndpointResponse>(inner);
        var message = new NetworkServiceEndpointResponse { NetworkServiceEndpoint = new() { Name = new string('n', 1000) } };
        var size = message.CalculateSize() + 5;
        var perBatch = (BatchingServerStreamWriter<NetworkServiceEndpointResponse>.FlushBytes + size - 1) / size;

        for (var i = 0; i < 2 * perBatch; i++)
        {
            await writer.WriteAsync(message);
        }

        Assert.Equal(2 * perBatch, inner.Flags.Count);
        Assert.Equal([perBatch - 1, (2 * perBatch) - 1], inner.Flags.Select((f, i) => (f, i)).Where(x => x.f != WriteFlags.BufferHint).Select(x => x.i));
    }

    [Fact]
    public async Task Explicit_write_options_pass_through()
    {
        var inner = new RecordingWriter();
        var writer = new BatchingServerStreamWriter<NetworkServiceEndpointResponse>(inner) { WriteOptions = new WriteOptions(WriteFlags.NoCompress) };
        await writer.WriteAsync(new NetworkServiceEndpointResponse());
        Assert.Equal(WriteFlags.NoCompress, Assert.Single(inner.Flags));
    }

    private sealed class RecordingWriter : IServerStreamWriter<NetworkServiceEndpointResponse>
    {
        public List<WriteFlags> Flags { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(NetworkServiceEndpointResponse message)
        {
            Flags.Add(WriteOptions?.Flags ?? default);
            return Task.CompletedTask;
        }
    }
}
