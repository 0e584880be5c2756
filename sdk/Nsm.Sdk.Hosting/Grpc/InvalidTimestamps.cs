using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Finds a <c>google.protobuf.Timestamp</c> out of its valid range (years 1–9999, nanos 0–999,999,999) anywhere in a
/// request: such a value parses, but every conversion of it throws, so it is refused at the door as INVALID_ARGUMENT.
/// </summary>
internal static class InvalidTimestamps
{
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>The path of the first invalid timestamp in <paramref name="message"/>, or <see langword="null"/>.</summary>
    public static string? Find(IMessage message, int depth = 0)
    {
        if (message is Timestamp t)
        {
            return t.Seconds is < MinSeconds or > MaxSeconds || t.Nanos is < 0 or > 999_999_999 ? $"seconds={t.Seconds} nanos={t.Nanos}" : null;
        }

        if (depth > 32)
        {
            return null;
        }

        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            var items = field.IsMap ? ((IDictionary)value).Values.Cast<object>() : field.IsRepeated ? ((IList)value).Cast<object>() : [value];
            foreach (var item in items)
            {
                if (item is IMessage nested && Find(nested, depth + 1) is { } bad)
                {
                    return field.Name + "." + bad;
                }
            }
        }

        return null;
    }
}
