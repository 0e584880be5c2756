using System.Text.Json.Nodes;

namespace Nsm.Cmd.Tests.Webhook;

/// <summary>A small RFC 6902 applier (add, replace) over System.Text.Json.Nodes, to check what a patch makes of a pod.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode document, JsonArray patch)
    {
        var result = document.DeepClone();
        foreach (var operation in patch)
        {
            var op = (string?)operation?["op"] ?? throw new InvalidOperationException("an operation without op");
            var path = (string?)operation?["path"] ?? throw new InvalidOperationException("an operation without path");
            var value = operation?["value"]?.DeepClone();
            var tokens = path.Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(tokens);
            var parent = tokens[..^1].Aggregate(result, (node, token) => node switch
            {
                JsonObject o => o[token] ?? throw new InvalidOperationException($"{path}: no member {token}"),
                JsonArray a => a[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] ?? throw new InvalidOperationException($"{path}: no item {token}"),
                _ => throw new InvalidOperationException($"{path}: {token} is not in a container"),
            });
            var last = tokens[^1];
            switch (op, parent)
            {
                case ("add", JsonObject o):
                    o[last] = value;
                    break;
                case ("replace", JsonObject o):
                    Assert.True(o.ContainsKey(last), $"replace {path}: no member to replace");
                    o[last] = value;
                    break;
                case ("add", JsonArray a):
                    if (last == "-")
                    {
                        a.Add(value);
                    }
                    else
                    {
                        a.Insert(int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), value);
                    }

                    break;
                case ("replace", JsonArray a):
                    a[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
                    break;
                default:
                    throw new InvalidOperationException($"unsupported operation {op} at {path}");
            }
        }

        return result;
    }
}
