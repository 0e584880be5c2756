using System.Globalization;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>
/// Parses the Go text/template subset nsmctl runs: text, field paths, variables, literals, parentheses, pipelines,
/// <c>if/else if/else/end</c>, <c>with</c>, <c>range</c> (with <c>$i, $e :=</c>) and the functions of
/// <see cref="GoTemplateFunctions"/>; anything else (<c>define</c>, <c>template</c>, <c>printf</c> …) is an error that names it.
/// </summary>
internal sealed class GoTemplateParser
{
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal) { "define", "template", "block", "break", "continue" };
    private readonly List<Segment> _segments;
    private int _next;

    private GoTemplateParser(List<Segment> segments) => _segments = segments;

    public static IReadOnlyList<TemplateNode> Parse(string text)
    {
        var parser = new GoTemplateParser(GoTemplateLexer.Split(text));
        var (nodes, end) = parser.ParseList(inBlock: false);
        return end is null ? nodes : throw GoTemplateLexer.Error(end.Line, $"unexpected {end.Source}");
    }

    /// <summary>Nodes up to an <c>{{else}}</c> or <c>{{end}}</c> (returned) or the end of the template.</summary>
    private (List<TemplateNode> Nodes, ActionSegment? Terminator) ParseList(bool inBlock)
    {
        var nodes = new List<TemplateNode>();
        while (_next < _segments.Count)
        {
            var segment = _segments[_next++];
            if (segment is TextSegment text)
            {
                nodes.Add(new TextNode(text.Text, text.Line));
                continue;
            }

            var action = (ActionSegment)segment;
            if (action.Tokens.Count == 0)
            {
                throw GoTemplateLexer.Error(action.Line, "missing value for command");
            }

            var keyword = action.Tokens[0].Kind == TokenKind.Identifier ? action.Tokens[0].Text : "";
            switch (keyword)
            {
                case "if" or "with":
                    nodes.Add(ParseConditional(action, 1));
                    break;
                case "range":
                    nodes.Add(ParseRange(action));
                    break;
                case "else" or "end":
                    return inBlock ? (nodes, action) : throw GoTemplateLexer.Error(action.Line, $"unexpected {{{{{keyword}}}}}");
                default:
                    if (Unsupported.Contains(keyword))
                    {
                        throw GoTemplateLexer.Error(action.Line, $"{{{{{keyword}}}}} is not supported by nsmctl's go-template (it has if, else, with, range and end)");
                    }

                    nodes.Add(new ActionNode(ParseWhole(action, 0, allowDeclaration: true), action.Line));
                    break;
            }
        }

        return inBlock ? throw GoTemplateLexer.Error(LastLine, "unexpected EOF (an {{end}} is missing)") : (nodes, null);
    }

    private int LastLine => _segments.Count == 0 ? 1 : _segments[^1].Line;

    /// <summary><c>{{if|with pipeline}}</c> (at <paramref name="from"/>) … <c>{{else if …}}</c> … <c>{{else}}</c> … <c>{{end}}</c>.</summary>
    private IfNode ParseConditional(ActionSegment action, int from)
    {
        var with = action.Tokens[from - 1].Text == "with";
        var pipe = ParseWhole(action, from, allowDeclaration: true);
        var (then, terminator) = ParseList(inBlock: true);
        List<TemplateNode> otherwise = [];
        if (IsKeyword(terminator!, "else"))
        {
            if (terminator!.Tokens.Count > 1)
            {
                if (terminator.Tokens[1].Kind != TokenKind.Identifier || terminator.Tokens[1].Text is not ("if" or "with"))
                {
                    throw GoTemplateLexer.Error(terminator.Line, $"unexpected {terminator.Source}: only {{{{else}}}}, {{{{else if …}}}} and {{{{else with …}}}} are supported");
                }

                // else if: the nested conditional consumes the one shared {{end}}.
                otherwise = [ParseConditional(terminator, 2)];
            }
            else
            {
                (otherwise, terminator) = ParseList(inBlock: true);
                ExpectEnd(terminator!);
            }
        }
        else
        {
            ExpectEnd(terminator!);
        }

        return new IfNode(pipe, then, otherwise, with, action.Line);
    }

    private RangeNode ParseRange(ActionSegment action)
    {
        var pipe = ParseWhole(action, 1, allowDeclaration: true);
        var (body, terminator) = ParseList(inBlock: true);
        List<TemplateNode> otherwise = [];
        if (IsKeyword(terminator!, "else"))
        {
            if (terminator!.Tokens.Count > 1)
            {
                throw GoTemplateLexer.Error(terminator.Line, $"unexpected {terminator.Source} in range");
            }

            (otherwise, terminator) = ParseList(inBlock: true);
        }

        ExpectEnd(terminator!);
        return new RangeNode(pipe, body, otherwise, action.Line);
    }

    private static bool IsKeyword(ActionSegment action, string keyword) => action.Tokens[0].Kind == TokenKind.Identifier && action.Tokens[0].Text == keyword;

    private static void ExpectEnd(ActionSegment action)
    {
        if (!IsKeyword(action, "end") || action.Tokens.Count > 1)
        {
            throw GoTemplateLexer.Error(action.Line, $"expected {{{{end}}}}; found {action.Source}");
        }
    }

    private static Pipeline ParseWhole(ActionSegment action, int from, bool allowDeclaration)
    {
        var reader = new TokenReader(action.Tokens, from, action.Line);
        var pipe = reader.ParsePipeline(allowDeclaration);
        if (!reader.AtEnd)
        {
            throw GoTemplateLexer.Error(action.Line, $"unexpected \"{reader.Peek.Text}\" in {action.Source}");
        }

        return pipe;
    }

    /// <summary>Reads the tokens of one action into pipelines, commands and operands.</summary>
    private sealed class TokenReader(IReadOnlyList<Token> tokens, int start, int line)
    {
        private int _i = start;

        public bool AtEnd => _i >= tokens.Count;

        public Token Peek => tokens[_i];

        public Pipeline ParsePipeline(bool allowDeclaration)
        {
            var (variables, assigns) = allowDeclaration ? ParseDeclaration() : ([], false);
            var commands = new List<Command>();
            while (true)
            {
                commands.Add(ParseCommand());
                if (AtEnd || Peek.Kind != TokenKind.Pipe)
                {
                    return new Pipeline(variables, assigns, commands);
                }

                _i++;
            }
        }

        private (List<string> Variables, bool Assigns) ParseDeclaration()
        {
            bool At(int offset, TokenKind kind) => _i + offset < tokens.Count && tokens[_i + offset].Kind == kind;
            if (At(0, TokenKind.Variable) && (At(1, TokenKind.Declare) || At(1, TokenKind.Assign)))
            {
                var assigns = tokens[_i + 1].Kind == TokenKind.Assign;
                var name = tokens[_i].Text;
                _i += 2;
                return ([name], assigns);
            }

            if (At(0, TokenKind.Variable) && At(1, TokenKind.Comma) && At(2, TokenKind.Variable) && (At(3, TokenKind.Declare) || At(3, TokenKind.Assign)))
            {
                var names = new List<string> { tokens[_i].Text, tokens[_i + 2].Text };
                var assigns = tokens[_i + 3].Kind == TokenKind.Assign;
                _i += 4;
                return (names, assigns);
            }

            return ([], false);
        }

        private Command ParseCommand()
        {
            var from = _i;
            var args = new List<Operand>();
            while (!AtEnd && Peek.Kind is not (TokenKind.Pipe or TokenKind.Close))
            {
                args.Add(ParseOperand());
            }

            if (args.Count == 0)
            {
                throw GoTemplateLexer.Error(line, AtEnd ? "missing value for command" : $"unexpected \"{Peek.Text}\" in command");
            }

            return new Command(args, string.Join(' ', tokens.Skip(from).Take(_i - from).Select(t => t.Kind == TokenKind.String ? Quote(t.Text) : t.Text)));
        }

        private Operand ParseOperand()
        {
            var token = tokens[_i++];
            var operand = token.Kind switch
            {
                TokenKind.Dot => new Operand(OperandKind.Dot, ".", null, null, []),
                TokenKind.Field => new Operand(OperandKind.Field, token.Text, null, null, token.Text[1..].Split('.')),
                TokenKind.Variable => new Operand(OperandKind.Variable, token.Text, null, null, []),
                TokenKind.String => new Operand(OperandKind.Literal, Quote(token.Text), JsonValue.Create(token.Text), null, []),
                TokenKind.Bool => new Operand(OperandKind.Literal, token.Text, JsonValue.Create(token.Text == "true"), null, []),
                TokenKind.Nil => new Operand(OperandKind.Literal, "nil", null, null, []),
                TokenKind.Number => new Operand(OperandKind.Literal, token.Text, JsonValue.Create(Number(token.Text)), null, []),
                TokenKind.Identifier => Function(token.Text),
                TokenKind.Open => Parenthesized(),
                _ => throw GoTemplateLexer.Error(line, $"unexpected \"{token.Text}\" in operand"),
            };

            // A field path right after the operand (no space): $x.a, (…).metadata.name.
            if (!AtEnd && Peek.Kind == TokenKind.Field && !Peek.Spaced)
            {
                if (operand.Kind is OperandKind.Dot or OperandKind.Field or OperandKind.Literal or OperandKind.Function)
                {
                    throw GoTemplateLexer.Error(line, $"unexpected \"{Peek.Text}\" after {operand.Name}");
                }

                operand = operand with { Fields = tokens[_i++].Text[1..].Split('.') };
            }

            return operand;
        }

        private Operand Function(string name) => GoTemplateFunctions.Names.Contains(name)
            ? new Operand(OperandKind.Function, name, null, null, [])
            : throw GoTemplateLexer.Error(line, name is "if" or "else" or "end" or "range" or "with"
                ? $"unexpected {{{{{name}}}}} inside an action"
                : $"function \"{name}\" not supported by nsmctl's go-template (it has {string.Join(", ", GoTemplateFunctions.Names.Order(StringComparer.Ordinal))})");

        private Operand Parenthesized()
        {
            var inner = ParsePipeline(allowDeclaration: false);
            if (AtEnd || Peek.Kind != TokenKind.Close)
            {
                throw GoTemplateLexer.Error(line, "unclosed left paren");
            }

            _i++;
            return new Operand(OperandKind.Parenthesized, "(…)", null, inner, []);
        }

        private double Number(string text) =>
            double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw GoTemplateLexer.Error(line, $"bad number syntax: \"{text}\"");

        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
    }
}
