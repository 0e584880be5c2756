using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;

namespace Nsm.Packaging.Tests;

/// <summary>What a library's portable PDB in its .snupkg says about its sources: the SourceLink map and the document paths.</summary>
internal sealed record SymbolsPdb(string SourceLink, IReadOnlyList<string> Documents)
{
    // The SourceLink custom debug information of the module (portable PDB format).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static SymbolsPdb Read(string snupkg, string id)
    {
        using var zip = ZipFile.OpenRead(snupkg);
        using var copy = new MemoryStream();
        using (var entry = zip.GetEntry($"lib/net10.0/{id}.pdb")!.Open())
        {
            entry.CopyTo(copy);
        }

        copy.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
        var reader = provider.GetMetadataReader();
        var sourceLink = string.Empty;
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var info = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(info.Kind) == SourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value));
            }
        }

        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
        return new SymbolsPdb(sourceLink, documents);
    }
}
