using System.Collections;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// The rules a cached document still meets on each request (<see cref="DocumentCache"/>), marked so that
/// <see cref="CachedDocumentValidator"/> knows the document has passed every other rule already.
/// </summary>
internal sealed class CachedDocumentRules(List<IValidationRule> rules) : IEnumerable<IValidationRule>
{
    public IEnumerator<IValidationRule> GetEnumerator() => rules.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// GraphQL.NET's validator, which walks a document with type information whenever it has any rule to run, even
/// when no rule asks to visit a node: for a cached document whose per-request rules decide from the operation alone
/// (and the complexity analyzer, which works from the parsed arguments) that walk was a third of the validation.
/// For such a document the rules are asked here, without the walk, and GraphQL.NET's validator only coerces the
/// variables and parses the arguments. As soon as a rule wants to visit the document, or its variables, the
/// document goes through GraphQL.NET's validation as before, so the outcome is the same either way.
/// </summary>
internal sealed class CachedDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator _validator = new();

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is CachedDocumentRules rules ? ValidateCachedAsync(options, rules) : _validator.ValidateAsync(options);

    private async Task<IValidationResult> ValidateCachedAsync(ValidationOptions options, CachedDocumentRules rules)
    {
        var context = new ValidationContext
        {
            TypeInfo = new TypeInfo(options.Schema),
            Schema = options.Schema,
            Document = options.Document,
            Operation = options.Operation,
            UserContext = options.UserContext,
            Variables = options.Variables,
            Extensions = options.Extensions,
            Metrics = options.Metrics,
            RequestServices = options.RequestServices,
            User = options.User,
            CancellationToken = options.CancellationToken,
        };
        foreach (var rule in rules)
        {
            if (await rule.GetPreNodeVisitorAsync(context).ConfigureAwait(false) is not null
                || await rule.GetVariableVisitorAsync(context).ConfigureAwait(false) is not null)
                return await _validator.ValidateAsync(options).ConfigureAwait(false);
        }
        if (context.HasErrors) return new ValidationResult(context.Errors);

        // No rules: GraphQL.NET's validator then coerces the variables and parses the arguments, and nothing else.
        var parsed = await _validator.ValidateAsync(options with { Rules = [] }).ConfigureAwait(false);
        if (!parsed.IsValid) return parsed;

        context.ArgumentValues = parsed.ArgumentValues as Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>
                                 ?? parsed.ArgumentValues?.ToDictionary();
        context.DirectiveValues = parsed.DirectiveValues as Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>
                                  ?? parsed.DirectiveValues?.ToDictionary();
        foreach (var rule in rules)
        {
            if (await rule.GetPostNodeVisitorAsync(context).ConfigureAwait(false) is not null)
                return await _validator.ValidateAsync(options).ConfigureAwait(false);
        }
        if (!context.HasErrors) return parsed;
        return new ValidationResult(context.Errors)
        {
            Variables = parsed.Variables,
            ArgumentValues = parsed.ArgumentValues,
            DirectiveValues = parsed.DirectiveValues,
        };
    }
}
