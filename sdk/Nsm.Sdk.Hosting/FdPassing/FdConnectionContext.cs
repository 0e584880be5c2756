using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>One accepted unix-socket connection: pipes over an <see cref="FdPassingStream"/>, its received descriptors as <see cref="IFdReceiverFeature"/>; closing it closes them.</summary>
internal sealed class FdConnectionContext : ConnectionContext, IConnectionIdFeature, IConnectionTransportFeature, IConnectionItemsFeature,
    IConnectionEndPointFeature, IConnectionLifetimeFeature, IFdReceiverFeature
{
    private readonly FdPassingStream _stream;
    private readonly CancellationTokenSource _closed = new();

    public FdConnectionContext(string id, FdPassingStream stream, EndPoint local)
    {
        ConnectionId = id;
        _stream = stream;
        LocalEndPoint = local;
        Transport = new DuplexPipe(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
            PipeWriter.Create(new PeerGoneWriteStream(stream, Close), new StreamPipeWriterOptions(leaveOpen: true)));
        Features.Set<IConnectionIdFeature>(this);
        Features.Set<IConnectionTransportFeature>(this);
        Features.Set<IConnectionItemsFeature>(this);
        Features.Set<IConnectionEndPointFeature>(this);
        Features.Set<IConnectionLifetimeFeature>(this);
        Features.Set<IFdReceiverFeature>(this);
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new ConnectionItems();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException();
    }

    public override EndPoint? LocalEndPoint { get; set; }

    public override EndPoint? RemoteEndPoint { get; set; }

    public IFdReceiver Receiver => _stream.Receiver;

    public IFdSender Sender => _stream;

    public override void Abort(ConnectionAbortedException abortReason) => Close();

    public override async ValueTask DisposeAsync()
    {
        Close();
        _closed.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Close()
    {
        _stream.Dispose();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // disposed already
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
