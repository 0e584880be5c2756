using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Reads the <c>prefixes:</c> list of an excluded-prefixes YAML file.</summary>
internal static class ExcludedPrefixesFile
{
    public static string[] Parse(string text)
    {
        var root = YamlConfigFile.ReadMapping(text, "invalid YAML: the document is not a mapping");
        var prefixes = root is null ? [] : YamlConfigFile.ScalarList(root, "prefixes");

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
