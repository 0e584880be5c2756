using System.Text;
using Nsm.Vpp.Control;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Testing;

namespace Nsm.Vpp.Tests.Support;

/// <summary>A fake VPP on a socket in a temp folder the fixture deletes.</summary>
public sealed class VppFixture : IAsyncDisposable
{
    /// <summary>How long tests wait for something that should happen (never for something that should not).</summary>
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(20);

    public static readonly VppMessageRef[] Needed =
    [
        VppMessageRef.Of<ShowVersion>(), VppMessageRef.Of<ShowVersionReply>(),
        VppMessageRef.Of<WantInterfaceEvents>(), VppMessageRef.Of<WantInterfaceEventsReply>(),
        VppMessageRef.Of<SwInterfaceEvent>(),
        VppMessageRef.Of<AfPacketDump>(), VppMessageRef.Of<AfPacketDetails>(),
    ];

    public VppFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("nsm-vpp-").FullName;
        Vpp = FakeVpp.Start(SocketPath);
    }

    public string Directory { get; }

    public string SocketPath => Path.Combine(Directory, "api.sock");

    public FakeVpp Vpp { get; }

    public Task<VppConnection> ConnectAsync(VppConnectionOptions? options = null, string name = "vppstudy") =>
        VppConnection.ConnectAsync(SocketPath, name, Needed, options);

    public async ValueTask DisposeAsync()
    {
        await Vpp.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Hex with the spaces of the reference's listings taken out.</summary>
    public static string Hex(string spaced) => spaced.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>A fixed string's bytes as hex: the text, NUL-padded to <paramref name="size"/>.</summary>
    public static string Text(string text, int size) =>
        Convert.ToHexStringLower(Encoding.ASCII.GetBytes(text)) + new string('0', 2 * (size - text.Length));
}
