using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TokenIM.Server.Api.Deprecation;

/// <summary>
/// Finds the deprecated fields and enum values the operation to be executed selects, in the operation
/// itself and in the fragments it spreads (other operations of the document do not run). It reports
/// no error; <see cref="DeprecatedUsageReporter"/> logs and counts what it found once the operation
/// has run. Registered for cached documents too, because a cached document skips parsing, not this.
/// What an operation selects never changes, so it is found once, in a walk of its document with type information,
/// and kept for as long as the document lives: walking a cached document on every request cost more than the rest
/// of its validation.
/// </summary>
public sealed class DeprecatedUsageRule : IValidationRule
{
    public const string AnonymousOperation = "anonymous";

    private readonly ConditionalWeakTable<GraphQLOperationDefinition, IReadOnlyList<string>> _found = new();

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation;
        var selections = new DeprecatedSelections { Operation = operation.Name?.StringValue ?? AnonymousOperation };
        context.UserContext[DeprecatedSelections.UserContextKey] = selections;
        if (_found.TryGetValue(operation, out var found))
        {
            selections.Coordinates.AddRange(found);
            return default;
        }
        var executed = new HashSet<ASTNode>(context.GetRecursivelyReferencedFragments(operation) ?? []) { operation };
        return new ValueTask<INodeVisitor?>(new Visitor(selections, executed, coordinates => _found.AddOrUpdate(operation, coordinates)));
    }

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;

    private sealed class Visitor(DeprecatedSelections selections, HashSet<ASTNode> executed, Action<IReadOnlyList<string>> walked) : INodeVisitor
    {
        // The operation or fragment being walked; null outside them.
        private ASTNode? _definition;

        public ValueTask EnterAsync(ASTNode node, ValidationContext context)
        {
            switch (node)
            {
                case GraphQLOperationDefinition or GraphQLFragmentDefinition:
                    _definition = node;
                    break;
                case GraphQLField when _definition is not null && executed.Contains(_definition):
                    if (context.TypeInfo.GetFieldDef() is { DeprecationReason: not null } field && context.TypeInfo.GetParentType() is { } parent)
                        selections.Add($"{parent.Name}.{field.Name}");
                    break;
                case GraphQLEnumValue value when _definition is not null && executed.Contains(_definition):
                    if (context.TypeInfo.GetInputType()?.GetNamedType() is EnumerationGraphType enumeration
                        && enumeration.Values.FindByName(value.Name.StringValue) is { DeprecationReason: not null } deprecated)
                        selections.Add($"{enumeration.Name}.{deprecated.Name}");
                    break;
            }
            return default;
        }

        public ValueTask LeaveAsync(ASTNode node, ValidationContext context)
        {
            if (node is GraphQLOperationDefinition or GraphQLFragmentDefinition) _definition = null;
            // The document is left last, after every fragment the operation spreads.
            else if (node is GraphQLDocument) walked([.. selections.Coordinates]);
            return default;
        }
    }
}
