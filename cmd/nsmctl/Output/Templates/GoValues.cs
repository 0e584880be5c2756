using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>
/// JSON values as Go sees them after kubectl's <c>json.Unmarshal</c> into <c>map[string]interface{}</c>: numbers are
/// float64, printing is <c>fmt</c>'s <c>%v</c> (<c>map[k:v]</c>, <c>[a b]</c>, <c>1e+06</c>), and a missing value prints
/// <c>&lt;no value&gt;</c>. A JSON null is treated as missing.
/// </summary>
internal static class GoValues
{
    public static string Print(JsonNode? value) => value is null ? "<no value>" : Format(value);

    /// <summary>Go's truth: false, 0, "", an empty list or map, and nil are false.</summary>
    public static bool Truth(JsonNode? value) => value switch
    {
        null => false,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => ToDouble(v) != 0,
            _ => false,
        },
        _ => false,
    };

    /// <summary>The Go type of a value, for error messages.</summary>
    public static string TypeName(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "float64",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "<nil>",
        },
        _ => "<nil>",
    };

    /// <summary>A JSON number as a double, whatever CLR type backs the node.</summary>
    public static double ToDouble(JsonNode number) => double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A number as Go's <c>%v</c> prints a float64: the shortest digits, in exponent form below 1e-04 and from 1e+06.</summary>
    public static string Number(double d)
    {
        if (!double.IsFinite(d))
        {
            return double.IsNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
        }

        // The shortest round-trip digits and where the decimal point goes (strconv's digs and dp).
        var s = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e >= 0 ? s[..e] : s;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? mantissa[..dot] : mantissa;
        var digits = whole + (dot >= 0 ? mantissa[(dot + 1)..] : "");
        var point = whole.Length + (e >= 0 ? int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0);
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        if (digits.Length == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }

        point -= lead;
        var sign = d < 0 ? "-" : "";
        var exponent = point - 1;
        if (exponent < -4 || exponent >= 6)
        {
            var exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(exponent < 0 ? '-' : '+')}{exp}";
        }

        return sign + (point <= 0 ? "0." + new string('0', -point) + digits
            : point >= digits.Length ? digits + new string('0', point - digits.Length)
            : digits[..point] + "." + digits[point..]);
    }

    private static string Format(JsonNode value)
    {
        switch (value)
        {
            case JsonObject o:
                var sb = new StringBuilder("map[");
                var first = true;
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    sb.Append(first ? "" : " ").Append(k).Append(':').Append(v is null ? "<nil>" : Format(v));
                    first = false;
                }

                return sb.Append(']').ToString();
            case JsonArray a:
                return "[" + string.Join(' ', a.Select(v => v is null ? "<nil>" : Format(v))) + "]";
            default:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => value.GetValue<string>(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => Number(ToDouble(value)),
                    _ => "<nil>",
                };
        }
    }
}
