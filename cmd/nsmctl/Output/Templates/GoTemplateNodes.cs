using System.Text.Json.Nodes;

namespace Nsm.Cmd.Nsmctl.Output.Templates;

/// <summary>A parsed piece of a Go template.</summary>
internal abstract record TemplateNode(int Line);

internal sealed record TextNode(string Text, int Line) : TemplateNode(Line);

/// <summary><c>{{pipeline}}</c>: prints the value unless the pipeline declares or assigns a variable.</summary>
internal sealed record ActionNode(Pipeline Pipe, int Line) : TemplateNode(Line);

/// <summary><c>{{if}}</c> or <c>{{with}}</c> (which also sets dot), with its <c>{{else}}</c> part.</summary>
internal sealed record IfNode(Pipeline Pipe, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode> Else, bool With, int Line) : TemplateNode(Line);

/// <summary><c>{{range [$i,] [$e :=] pipeline}}</c> with its <c>{{else}}</c> (run when nothing is iterated).</summary>
internal sealed record RangeNode(Pipeline Pipe, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode> Else, int Line) : TemplateNode(Line);

/// <summary>Commands joined by <c>|</c> (each result is the last argument of the next), optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record Pipeline(IReadOnlyList<string> Variables, bool Assigns, IReadOnlyList<Command> Commands);

/// <summary>A function call (<c>index .items 0</c>) or a single operand.</summary>
internal sealed record Command(IReadOnlyList<Operand> Args, string Text);

/// <summary>What an operand is.</summary>
internal enum OperandKind
{
    Dot,
    Field,
    Variable,
    Literal,
    Function,
    Parenthesized,
}

/// <summary>
/// One operand: dot, a field path from dot, a variable, a literal, a function name or a parenthesized pipeline,
/// each followed by the field path in <see cref="Fields"/> (<c>(index .items 0).metadata.name</c>, <c>$.items</c>).
/// </summary>
internal sealed record Operand(OperandKind Kind, string Name, JsonNode? Literal, Pipeline? Inner, IReadOnlyList<string> Fields);
