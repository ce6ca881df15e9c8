using System.Runtime.CompilerServices;
using GraphQL.Validation;
using GraphQLParser.AST;
using TokenIM.Server.Errors;

namespace TokenIM.Server.Api;

/// <summary>
/// Refuses, before anything runs, operations whose shape alone makes them costly: too many root
/// fields (each is a separate top-level call, so aliased <c>login</c>s would be a batch of password
/// guesses), too many aliases, too deep, or introspection that nests lists of types (each level
/// multiplies the answer by the size of the schema). Fragments are counted wherever they are spread,
/// so hiding a bomb in fragments does not help.
/// Introspection is measured by its nesting instead of depth: the standard introspection query of
/// graphql-js and GraphiQL is 15 levels deep and must keep working.
/// </summary>
public sealed class OperationLimitsRule(OperationLimits limits) : IValidationRule
{
    /// <summary>How many of <c>fields</c>, <c>inputFields</c>, <c>interfaces</c>, <c>possibleTypes</c> may nest in introspection.</summary>
    public const int MaxIntrospectionListNesting = 2;

    private static readonly HashSet<string> IntrospectionRoots = ["__schema", "__type"];
    private static readonly HashSet<string> IntrospectionTypeLists = ["fields", "inputFields", "interfaces", "possibleTypes"];

    // A cached document is validated again on every request (its operation is picked per request), but its shape
    // never changes: each operation is measured once, and its verdict kept for as long as the document lives.
    private readonly ConditionalWeakTable<GraphQLOperationDefinition, Verdict> _verdicts = new();

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (!_verdicts.TryGetValue(context.Operation, out var verdict))
        {
            verdict = Judge(context.Document, context.Operation);
            _verdicts.AddOrUpdate(context.Operation, verdict);
        }
        if (verdict.Error is { } error) Report(context, error);
        return default;
    }

    private sealed record Verdict(string? Error);

    private Verdict Judge(GraphQLDocument document, GraphQLOperationDefinition operation)
    {
        var shape = new Shapes(document);
        var root = operation.SelectionSet;
        var rootFields = shape.RootFields(root);
        var measured = shape.Measure(root, inIntrospection: false);

        // One error, the most telling one: the client fixes that and learns about the next.
        if (rootFields > limits.MaxRootFields)
            return new($"The operation selects {rootFields} root fields; at most {limits.MaxRootFields} are allowed.");
        if (measured.Aliases > limits.MaxAliases)
            return new($"The operation uses {measured.Aliases} aliases; at most {limits.MaxAliases} are allowed.");
        if (measured.Depth > limits.MaxDepth)
            return new($"The operation is {measured.Depth} levels deep; at most {limits.MaxDepth} are allowed.");
        if (measured.TypeListNesting > MaxIntrospectionListNesting)
            return new($"The introspection query nests lists of types {measured.TypeListNesting} levels deep; at most {MaxIntrospectionListNesting} are allowed.");
        return new(null);
    }

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;

    private static void Report(ValidationContext context, string message) =>
        context.ReportError(new OperationLimitError(context, message, context.Operation));

    private readonly record struct Measure(long Aliases, int Depth, int TypeListNesting)
    {
        public Measure Alongside(Measure other) =>
            new(Saturate(Aliases + other.Aliases), Math.Max(Depth, other.Depth), Math.Max(TypeListNesting, other.TypeListNesting));

        // Fragments spread inside fragments multiply; a count only has to stay above any limit.
        private static long Saturate(long value) => Math.Min(value, int.MaxValue);
    }

    /// <summary>
    /// Measures selection sets, each fragment once per context thanks to memoization. A fragment that
    /// spreads itself counts as nothing: the document is invalid anyway, and another rule says so.
    /// </summary>
    private sealed class Shapes(GraphQLDocument document)
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = document.Definitions
            .OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue)
            .ToDictionary(g => g.Key, g => g.First());

        private readonly Dictionary<(string Name, bool InIntrospection), Measure> _measured = [];
        private readonly Dictionary<string, long> _rootFields = [];
        private readonly HashSet<string> _inProgress = [];

        public long RootFields(GraphQLSelectionSet set)
        {
            long count = 0;
            foreach (var selection in set.Selections)
            {
                count += selection switch
                {
                    GraphQLField => 1,
                    GraphQLInlineFragment inline => RootFields(inline.SelectionSet),
                    GraphQLFragmentSpread spread => RootFieldsOf(spread.FragmentName.Name.StringValue),
                    _ => 0,
                };
            }
            return Math.Min(count, int.MaxValue);
        }

        public Measure Measure(GraphQLSelectionSet set, bool inIntrospection)
        {
            var total = default(Measure);
            foreach (var selection in set.Selections)
            {
                total = total.Alongside(selection switch
                {
                    GraphQLField field => Field(field, inIntrospection),
                    GraphQLInlineFragment inline => Measure(inline.SelectionSet, inIntrospection),
                    GraphQLFragmentSpread spread => MeasureOf(spread.FragmentName.Name.StringValue, inIntrospection),
                    _ => default,
                });
            }
            return total;
        }

        private Measure Field(GraphQLField field, bool inIntrospection)
        {
            var name = field.Name.StringValue;
            var entersIntrospection = inIntrospection || IntrospectionRoots.Contains(name);
            var children = field.SelectionSet is { } set ? Measure(set, entersIntrospection) : default;
            return new Measure(
                children.Aliases + (field.Alias is null ? 0 : 1),
                entersIntrospection ? 0 : 1 + children.Depth,
                children.TypeListNesting + (inIntrospection && IntrospectionTypeLists.Contains(name) ? 1 : 0));
        }

        private long RootFieldsOf(string fragmentName)
        {
            if (_rootFields.TryGetValue(fragmentName, out var known)) return known;
            if (!_fragments.TryGetValue(fragmentName, out var fragment) || !_inProgress.Add(fragmentName)) return 0;
            var count = RootFields(fragment.SelectionSet);
            _inProgress.Remove(fragmentName);
            return _rootFields[fragmentName] = count;
        }

        private Measure MeasureOf(string fragmentName, bool inIntrospection)
        {
            if (_measured.TryGetValue((fragmentName, inIntrospection), out var known)) return known;
            if (!_fragments.TryGetValue(fragmentName, out var fragment) || !_inProgress.Add(fragmentName)) return default;
            var measure = Measure(fragment.SelectionSet, inIntrospection);
            _inProgress.Remove(fragmentName);
            return _measured[(fragmentName, inIntrospection)] = measure;
        }
    }
}

/// <summary>An operation over one of <see cref="OperationLimits"/>; coded OPERATION_TOO_COMPLEX.</summary>
public sealed class OperationLimitError : ValidationError
{
    public OperationLimitError(ValidationContext context, string message, ASTNode node)
        : base(context.Document.Source, null, message, node)
    {
        Code = ErrorCode.OperationTooComplex.ToWire();
    }
}
