using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;

namespace TokenIM.Server.Api;

/// <summary>
/// Refuses <c>__schema</c> and <c>__type</c> when <c>TokenIM:Api:Introspection</c> is off. Registered always and
/// decided from the bound options, so the setting is read once, with the others, when the node starts.
/// </summary>
public sealed class IntrospectionRule(ApiOptions api) : IValidationRule
{
    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        api.Introspection ? default : NoIntrospectionValidationRule.Instance.GetPreNodeVisitorAsync(context);

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) =>
        api.Introspection ? default : NoIntrospectionValidationRule.Instance.GetVariableVisitorAsync(context);

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) =>
        api.Introspection ? default : NoIntrospectionValidationRule.Instance.GetPostNodeVisitorAsync(context);
}
