using Nsm.Sdk.Ipam;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Reads the <c>prefixes:</c> list of an excluded-prefixes YAML file.</summary>
internal static class ExcludedPrefixesFile
{
    public static string[] Parse(string text)
    {
        List<object?> prefixes;
        try
        {
            var documents = DocumentTree.Load(text);
            var root = documents.Count == 0 ? null
                : documents[0] as DocumentObject ?? throw new FormatException("invalid YAML: the document is not a mapping");
            prefixes = root?.GetList("prefixes") ?? [];
        }
        catch (RegistryDocumentException e)
        {
            throw new FormatException(e.Message, e);
        }

        var result = new List<string>();
        foreach (var item in prefixes)
        {
            if (item is not string p || !IpamValidation.IsValidCidr(p))
            {
                throw new FormatException($"invalid prefix '{item}'");
            }

            if (!result.Contains(p))
            {
                result.Add(p);
            }
        }

        return [.. result];
    }
}
