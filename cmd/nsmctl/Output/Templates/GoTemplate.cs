using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>
/// kubectl's <c>-o go-template</c> for nsmctl: a subset of Go's text/template over the object's JSON (see
/// <see cref="GoTemplateParser"/> for what it takes). Missing fields print <c>&lt;no value&gt;</c>, as kubectl's
/// default <c>--allow-missing-template-keys</c> does.
/// </summary>
internal sealed class GoTemplate : IObjectTemplate
{
    private readonly IReadOnlyList<TemplateNode> _nodes;

    private GoTemplate(IReadOnlyList<TemplateNode> nodes) => _nodes = nodes;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="TemplateException"/> naming the line and the problem.</summary>
    public static GoTemplate Parse(string text) => new(GoTemplateParser.Parse(text));

    /// <summary>Runs the template with <paramref name="data"/> as dot (and <c>$</c>).</summary>
    public string Execute(JsonNode? data)
    {
        var run = new Run(data);
        run.Nodes(_nodes, data);
        return run.Output.ToString();
    }

    /// <summary>One execution: the output so far and the variables in scope.</summary>
    private sealed class Run(JsonNode? root)
    {
        private readonly List<(string Name, JsonNode? Value)> _variables = [("$", root)];

        public StringBuilder Output { get; } = new();

        public void Nodes(IReadOnlyList<TemplateNode> nodes, JsonNode? dot)
        {
            foreach (var node in nodes)
            {
                try
                {
                    Node(node, dot);
                }
                catch (TemplateException ex) when (!ex.Positioned)
                {
                    var at = ex.Message.StartsWith("at <", StringComparison.Ordinal) ? " " : ": ";
                    throw new TemplateException($"template: output:{node.Line.ToString(CultureInfo.InvariantCulture)}: executing \"output\"{at}{ex.Message}", positioned: true);
                }
            }
        }

        private void Node(TemplateNode node, JsonNode? dot)
        {
            var mark = _variables.Count;
            switch (node)
            {
                case TextNode text:
                    Output.Append(text.Text);
                    break;
                case ActionNode action:
                    var value = Pipeline(action.Pipe, dot);
                    if (action.Pipe.Variables.Count == 0)
                    {
                        Output.Append(GoValues.Print(value));
                    }

                    return; // a declaration lasts to the end of the enclosing block
                case IfNode conditional:
                    var test = Pipeline(conditional.Pipe, dot);
                    if (GoValues.Truth(test))
                    {
                        Nodes(conditional.Then, conditional.With ? test : dot);
                    }
                    else
                    {
                        Nodes(conditional.Else, dot);
                    }

                    break;
                case RangeNode range:
                    Range(range, dot);
                    break;
            }

            _variables.RemoveRange(mark, _variables.Count - mark);
        }

        private void Range(RangeNode range, JsonNode? dot)
        {
            var over = Pipeline(range.Pipe with { Variables = [], Assigns = false }, dot);
            IEnumerable<(JsonNode? Key, JsonNode? Element)> items = over switch
            {
                null => [],
                JsonArray a => a.Select((e, i) => ((JsonNode?)JsonValue.Create((double)i), e)),
                JsonObject o => o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ((JsonNode?)JsonValue.Create(kv.Key), kv.Value)).ToList(),
                _ => throw new TemplateException($"range can't iterate over {GoValues.Print(over)}"),
            };
            var any = false;
            foreach (var (key, element) in items)
            {
                any = true;
                var mark = _variables.Count;
                var names = range.Pipe.Variables;
                if (names.Count == 1)
                {
                    _variables.Add((names[0], element));
                }
                else if (names.Count == 2)
                {
                    _variables.Add((names[0], key));
                    _variables.Add((names[1], element));
                }

                Nodes(range.Body, element);
                _variables.RemoveRange(mark, _variables.Count - mark);
            }

            if (!any)
            {
                Nodes(range.Else, dot);
            }
        }

        private JsonNode? Pipeline(Pipeline pipe, JsonNode? dot)
        {
            JsonNode? value = null;
            for (var i = 0; i < pipe.Commands.Count; i++)
            {
                value = Command(pipe.Commands[i], dot, i > 0, value);
            }

            if (pipe.Assigns)
            {
                var at = _variables.FindLastIndex(v => v.Name == pipe.Variables[0]);
                _variables[at >= 0 ? at : throw new TemplateException($"undefined variable: {pipe.Variables[0]}")] = (pipe.Variables[0], value);
            }
            else if (pipe.Variables.Count > 0)
            {
                _variables.Add((pipe.Variables[^1], value));
            }

            return value;
        }

        private JsonNode? Command(Command command, JsonNode? dot, bool piped, JsonNode? previous)
        {
            try
            {
                var first = command.Args[0];
                if (first.Kind == OperandKind.Function)
                {
                    var count = command.Args.Count - 1 + (piped ? 1 : 0);
                    return GoTemplateFunctions.Call(first.Name, count, i => i < command.Args.Count - 1 ? Operand(command.Args[i + 1], dot) : previous);
                }

                if (command.Args.Count > 1 || piped)
                {
                    throw new TemplateException($"can't give argument to non-function {first.Name}");
                }

                return Operand(first, dot);
            }
            catch (TemplateException ex) when (!ex.Positioned && !ex.Message.StartsWith("at <", StringComparison.Ordinal))
            {
                throw new TemplateException($"at <{command.Text}>: {ex.Message}");
            }
        }

        private JsonNode? Operand(Operand operand, JsonNode? dot)
        {
            var start = operand.Kind switch
            {
                OperandKind.Dot or OperandKind.Field => dot,
                OperandKind.Variable => Variable(operand.Name),
                OperandKind.Literal => operand.Literal,
                OperandKind.Parenthesized => Pipeline(operand.Inner!, dot),
                _ => GoTemplateFunctions.Call(operand.Name, 0, _ => null),
            };
            foreach (var field in operand.Fields)
            {
                start = start switch
                {
                    null => null, // kubectl's missingkey=default: a missing map's field is missing too
                    JsonObject o => o[field],
                    _ => throw new TemplateException($"can't evaluate field {field} in type {GoValues.TypeName(start)}"),
                };
            }

            return start;
        }

        private JsonNode? Variable(string name)
        {
            var at = _variables.FindLastIndex(v => v.Name == name);
            return at >= 0 ? _variables[at].Value : throw new TemplateException($"undefined variable: {name}");
        }
    }
}
