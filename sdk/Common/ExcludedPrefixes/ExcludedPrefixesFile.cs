using Nsm.Sdk.Ipam;
using YamlDotNet.Serialization;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Reads the <c>prefixes:</c> list of an excluded-prefixes YAML file.</summary>
internal static class ExcludedPrefixesFile
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>Parses the file content; throws <see cref="FormatException"/> when it is not a valid prefix list.</summary>
    public static string[] Parse(string text)
    {
        Document? doc;
        try
        {
            doc = Yaml.Deserialize<Document?>(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"invalid YAML: {e.Message}", e);
        }

        var result = new List<string>();
        foreach (var p in doc?.Prefixes ?? [])
        {
            if (!IpamValidation.IsValidCidr(p))
            {
                throw new FormatException($"invalid prefix '{p}'");
            }

            if (!result.Contains(p))
            {
                result.Add(p);
            }
        }

        return [.. result];
    }

    /// <summary>The YAML document shape.</summary>
    internal sealed class Document
    {
        /// <summary>Gets or sets the prefixes.</summary>
        [YamlMember(Alias = "prefixes")]
        public List<string>? Prefixes { get; set; }
    }
}
