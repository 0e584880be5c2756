using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Codec;
using Nsm.Vpp.Testing;

namespace Nsm.Sdk.Vpp.Mechanisms.Tests.Support;

/// <summary>A fake VPP in a temp folder, a <see cref="VppClient"/> on it, and helpers to read what the elements sent.</summary>
public sealed class MechanismFixture : IAsyncDisposable
{
    public MechanismFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("nsm-vpp-mech-").FullName;
        Vpp = FakeVpp.Start(System.IO.Path.Combine(Directory, "api.sock"));
        Client = new VppClient(Vpp.SocketPath, "mechanism-tests", VppMechanismMessages.All);
    }

    public string Directory { get; }

    public FakeVpp Vpp { get; }

    public VppClient Client { get; }

    public static NsmContext NewContext(string connectionId = "conn-1") => new() { Metadata = new ConnectionMetadata(connectionId) };

    /// <summary>The names of the messages the elements sent (after the handshake), in order.</summary>
    public IReadOnlyList<string> Sent()
    {
        var names = VppMechanismMessages.All.Select(m => m.Name).ToDictionary(Vpp.IdOf, n => n);
        return [.. Vpp.Received.Where(f => names.ContainsKey(f.Id)).Select(f => names[f.Id])];
    }

    /// <summary>The decoded requests of one type the elements sent, in order.</summary>
    public IReadOnlyList<T> Sent<T>()
        where T : IVppMessage<T>
    {
        var id = Vpp.IdOf(T.MessageName);
        return [.. Vpp.Received.Where(f => f.Id == id).Select(f => VppMessageCodec.Decode<T>(f.Body))];
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Vpp.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>The rest of the chain: answers a Request with a given connection and counts Closes.</summary>
public sealed class FakeNext(Func<NetworkServiceRequest, Connection> answer) : NetworkServiceHandler
{
    /// <summary>A kernel NSE: it picks the KERNEL preference and names its interface and namespace, as the SDK's kernel server does.</summary>
    public static FakeNext KernelEndpoint(string netnsPath, string interfaceName = "nsm-nse") => new(r =>
    {
        var answer = r.Connection.Clone();
        answer.Mechanism = r.MechanismPreferences.Single(m => m.Type == KernelMechanism.MechanismType).Clone();
        var kernel = KernelMechanism.ToMechanism(answer.Mechanism)!;
        kernel.NetNSUrl = "file://" + netnsPath;
        kernel.InterfaceName = interfaceName;
        return answer;
    });

    public int Closes { get; private set; }

    public NetworkServiceRequest? LastRequest { get; private set; }

    public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
    {
        LastRequest = request;
        return new(answer(request));
    }

    public override ValueTask CloseAsync(Connection connection, NsmContext context)
    {
        Closes++;
        return default;
    }
}
