using System.Globalization;
using System.Text;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>What a token inside <c>{{ }}</c> is.</summary>
internal enum TokenKind
{
    Dot,
    Field,
    Variable,
    String,
    Number,
    Bool,
    Nil,
    Identifier,
    Open,
    Close,
    Pipe,
    Declare,
    Assign,
    Comma,
}

/// <summary>One token of an action; <paramref name="Text"/> is the source (a string's decoded value); <paramref name="Spaced"/>: space before it.</summary>
internal sealed record Token(TokenKind Kind, string Text, bool Spaced);

/// <summary>A piece of a template: text to copy, or an action's tokens.</summary>
internal abstract record Segment(int Line);

internal sealed record TextSegment(string Text, int Line) : Segment(Line);

internal sealed record ActionSegment(IReadOnlyList<Token> Tokens, string Source, int Line) : Segment(Line);

/// <summary>
/// Splits a Go text/template into text and actions the way Go does: <c>{{- </c> and <c> -}}</c> trim the white space
/// next to them, <c>{{/* … */}}</c> is a comment, and strings (<c>"\n"</c> with Go's escapes, or raw <c>`…`</c>) may
/// hold <c>}}</c>.
/// </summary>
internal static class GoTemplateLexer
{
    private const string WhiteSpace = " \t\r\n";

    public static List<Segment> Split(string text)
    {
        var segments = new List<Segment>();
        var pos = 0;
        var trimNext = false;
        while (pos < text.Length)
        {
            var open = text.IndexOf("{{", pos, StringComparison.Ordinal);
            var chunk = open < 0 ? text[pos..] : text[pos..open];
            if (trimNext)
            {
                chunk = chunk.TrimStart(WhiteSpace.ToCharArray());
            }

            if (open < 0)
            {
                Add(segments, chunk, LineAt(text, pos));
                break;
            }

            var p = open + 2;
            if (p + 1 < text.Length && text[p] == '-' && WhiteSpace.Contains(text[p + 1], StringComparison.Ordinal))
            {
                chunk = chunk.TrimEnd(WhiteSpace.ToCharArray());
                p += 2;
            }

            Add(segments, chunk, LineAt(text, pos));
            var line = LineAt(text, open);
            if (string.CompareOrdinal(text, p, "/*", 0, 2) == 0)
            {
                (pos, trimNext) = SkipComment(text, p, line);
                continue;
            }

            var tokens = new List<Token>();
            (pos, trimNext) = ReadAction(text, p, line, tokens);
            segments.Add(new ActionSegment(tokens, text[open..pos], line));
        }

        return segments;
    }

    public static TemplateException Error(int line, string message) => new($"template: output:{line.ToString(CultureInfo.InvariantCulture)}: {message}", positioned: true);

    private static void Add(List<Segment> segments, string chunk, int line)
    {
        if (chunk.Length > 0)
        {
            segments.Add(new TextSegment(chunk, line));
        }
    }

    private static int LineAt(string text, int pos) => 1 + text.AsSpan(0, pos).Count('\n');

    private static (int Pos, bool TrimNext) SkipComment(string text, int p, int line)
    {
        var end = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(line, "unclosed comment");
        }

        var q = end + 2;
        if (string.CompareOrdinal(text, q, "}}", 0, 2) == 0)
        {
            return (q + 2, false);
        }

        if (q < text.Length && WhiteSpace.Contains(text[q], StringComparison.Ordinal) && string.CompareOrdinal(text, q + 1, "-}}", 0, 3) == 0)
        {
            return (q + 4, true);
        }

        throw Error(line, "comment ends before closing delimiter");
    }

    private static (int Pos, bool TrimNext) ReadAction(string text, int p, int line, List<Token> tokens)
    {
        while (true)
        {
            var spaced = false;
            while (p < text.Length && WhiteSpace.Contains(text[p], StringComparison.Ordinal))
            {
                p++;
                spaced = true;
            }

            if (p >= text.Length)
            {
                throw Error(line, "unclosed action");
            }

            if (string.CompareOrdinal(text, p, "}}", 0, 2) == 0)
            {
                return (p + 2, false);
            }

            if (spaced && string.CompareOrdinal(text, p, "-}}", 0, 3) == 0)
            {
                return (p + 3, true);
            }

            var c = text[p];
            var start = p;
            Token token;
            if (c == '.' && p + 1 < text.Length && IsIdentifierStart(text[p + 1]))
            {
                while (p + 1 < text.Length && text[p] == '.' && IsIdentifierStart(text[p + 1]))
                {
                    p = SkipIdentifier(text, p + 1);
                }

                token = new Token(TokenKind.Field, text[start..p], spaced);
            }
            else if (c == '.')
            {
                p++;
                token = new Token(TokenKind.Dot, ".", spaced);
            }
            else if (c == '$')
            {
                p = SkipIdentifier(text, p + 1);
                token = new Token(TokenKind.Variable, text[start..p], spaced);
            }
            else if (c == '"')
            {
                (p, var value) = ReadQuoted(text, p, message => Error(line, message));
                token = new Token(TokenKind.String, value, spaced);
            }
            else if (c == '`')
            {
                var end = text.IndexOf('`', p + 1);
                if (end < 0)
                {
                    throw Error(line, "unterminated raw quoted string");
                }

                token = new Token(TokenKind.String, text[(p + 1)..end], spaced);
                p = end + 1;
            }
            else if (char.IsAsciiDigit(c) || ((c is '-' or '+') && p + 1 < text.Length && char.IsAsciiDigit(text[p + 1])))
            {
                p++;
                while (p < text.Length && (char.IsAsciiLetterOrDigit(text[p]) || text[p] is '.' or '_' || (text[p] is '+' or '-' && text[p - 1] is 'e' or 'E')))
                {
                    p++;
                }

                token = new Token(TokenKind.Number, text[start..p], spaced);
            }
            else if (IsIdentifierStart(c))
            {
                p = SkipIdentifier(text, p);
                var word = text[start..p];
                token = new Token(word switch { "true" or "false" => TokenKind.Bool, "nil" => TokenKind.Nil, _ => TokenKind.Identifier }, word, spaced);
            }
            else
            {
                (var kind, p) = c switch
                {
                    '(' => (TokenKind.Open, p + 1),
                    ')' => (TokenKind.Close, p + 1),
                    '|' => (TokenKind.Pipe, p + 1),
                    ',' => (TokenKind.Comma, p + 1),
                    '=' => (TokenKind.Assign, p + 1),
                    ':' when p + 1 < text.Length && text[p + 1] == '=' => (TokenKind.Declare, p + 2),
                    '\'' => throw Error(line, "character constants ('x') are not supported: use a string (\"x\")"),
                    _ => throw Error(line, $"unexpected \"{c}\" in action"),
                };
                token = new Token(kind, text[start..p], spaced);
            }

            tokens.Add(token);
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static int SkipIdentifier(string text, int p)
    {
        while (p < text.Length && (char.IsLetterOrDigit(text[p]) || text[p] == '_'))
        {
            p++;
        }

        return p;
    }

    /// <summary>
    /// A Go interpreted string literal starting at the quote at <paramref name="p"/> (<c>"</c>, or <c>'</c> for JSONPath) (<c>\n \t \r \\ \" \a \b \f \v \xHH
    /// \uHHHH \UHHHHHHHH</c>, octal <c>\ooo</c>); returns the position after the closing quote and the value.
    /// </summary>
    public static (int Pos, string Value) ReadQuoted(string text, int p, Func<string, TemplateException> error)
    {
        var sb = new StringBuilder();
        var bytes = new List<byte>();
        void FlushBytes()
        {
            if (bytes.Count > 0)
            {
                sb.Append(Encoding.UTF8.GetString(bytes.ToArray()));
                bytes.Clear();
            }
        }

        var quote = text[p++];
        while (true)
        {
            if (p >= text.Length || text[p] == '\n')
            {
                throw error("unterminated quoted string");
            }

            var c = text[p++];
            if (c == quote)
            {
                FlushBytes();
                return (p, sb.ToString());
            }

            if (c != '\\')
            {
                FlushBytes();
                sb.Append(c);
                continue;
            }

            if (p >= text.Length)
            {
                throw error("unterminated quoted string");
            }

            var e = text[p++];
            if (e is 'x' or >= '0' and <= '7')
            {
                var digits = e == 'x' ? 2 : 3;
                var from = e == 'x' ? p : p - 1;
                var radix = e == 'x' ? 16 : 8;
                if (from + digits > text.Length)
                {
                    throw error("invalid syntax in quoted string");
                }

                bytes.Add((byte)Convert.ToInt32(text.Substring(from, digits), radix));
                p = from + digits;
                continue;
            }

            FlushBytes();
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\': sb.Append('\\'); break;
                case '"' or '\'': sb.Append(e); break;
                case 'u' or 'U':
                    var n = e == 'u' ? 4 : 8;
                    if (p + n > text.Length || !int.TryParse(text.AsSpan(p, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                    {
                        throw error("invalid syntax in quoted string");
                    }

                    sb.Append(char.ConvertFromUtf32(code));
                    p += n;
                    break;
                default:
                    throw error($"unknown escape sequence \\{e} in quoted string");
            }
        }
    }
}
