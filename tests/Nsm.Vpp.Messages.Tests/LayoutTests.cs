using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;
using static Nsm.Vpp.Messages.Tests.Wire;

namespace Nsm.Vpp.Messages.Tests;

// Each field lands at its Appendix A offset: changing one property of a default message changes only the bytes of
// the field of that name (a field order or size mistake moves them).
public class LayoutTests
{
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var type in MessageTypes().Where(t => AppendixLayouts.Fields.ContainsKey(NameCrc(t))))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_field_is_at_its_appendix_offset(string name)
    {
        var type = MessageTypes().Single(t => t.FullName == name);
        var header = Kind(type) == VppMessageKind.Request ? 10 : 6;
        var checkedFields = 0;
        foreach (var (offset, size, field) in AppendixLayouts.Fields[NameCrc(type)])
        {
            var message = (IVppMessage)Activator.CreateInstance(type)!;
            var before = Body(message);
            if (!TryChange(message, field.Split('.')))
            {
                continue;
            }

            var after = Body(message);
            Assert.Equal(before.Length, after.Length);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            Assert.NotEmpty(changed);
            Assert.All(changed, i => Assert.InRange(i + header, offset, offset + size - 1));
            checkedFields++;
        }

        Assert.True(checkedFields > 0 || AppendixLayouts.Fields[NameCrc(type)].Length == 0, $"no field of {name} was checked");
    }

    private static bool TryChange(object target, string[] path)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            var nested = target.GetType().GetProperty(Pascal(path[i]));
            if (nested is null)
            {
                return false;
            }

            target = nested.GetValue(target)!;
        }

        var property = target.GetType().GetProperty(Pascal(path[^1]));
        if (property is null || !property.CanWrite)
        {
            return false; // a count field: written from its array
        }

        var current = property.GetValue(target);
        var t = property.PropertyType;
        object? value = t switch
        {
            _ when t == typeof(uint) => 0xA5A5A5A5u,
            _ when t == typeof(int) => unchecked((int)0xA5A5A5A5),
            _ when t == typeof(ushort) => (ushort)0xA5A5,
            _ when t == typeof(byte) => (byte)0xA5,
            _ when t == typeof(bool) => !(bool)current!,
            _ when t == typeof(string) => "x",
            _ when t == typeof(byte[]) => Enumerable.Repeat((byte)0xA5, 32).ToArray(),
            _ when t == typeof(VppAddress) => VppAddress.Parse("fd00::1"),
            _ when t == typeof(VppPrefix) => VppPrefix.Parse("fd00::1/64"),
            _ when t == typeof(MacAddress) => MacAddress.Parse("02:00:00:00:00:01"),
            _ when t.IsEnum => Enum.ToObject(t, Enum.GetUnderlyingType(t) == typeof(byte) ? 0xA5 : 0xA5A5A5A5),
            _ when t == typeof(IReadOnlyList<uint>) => new uint[] { 0xA5A5A5A5, 1, 2, 3 },
            _ => null,
        };
        if (value is null)
        {
            return false;
        }

        property.SetValue(target, value);
        return true;
    }

    private static string Pascal(string snake) => string.Concat(snake.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
