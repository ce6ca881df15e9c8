using GraphQL.Validation;
using GraphQLParser.AST;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Rejects operations the HTTP method cannot carry: mutations over GET (a GET must be safe, and
/// could be triggered by a link or a prefetch) and subscriptions over plain HTTP (they need a socket
/// or an event stream). It runs as a validation rule so that the selected operation is known from the document
/// GraphQL.NET parsed anyway (or took from the document cache), without parsing it twice.
/// </summary>
internal sealed class HttpOperationValidationRule : IValidationRule
{
    public static readonly HttpOperationValidationRule ForGet = new(allowMutations: false, allowSubscriptions: false);
    public static readonly HttpOperationValidationRule ForPost = new(allowMutations: true, allowSubscriptions: false);

    /// <summary>A GET answered with an event stream: a subscription has its stream, a mutation is still unsafe.</summary>
    public static readonly HttpOperationValidationRule ForEventStreamGet = new(allowMutations: false, allowSubscriptions: true);

    private readonly bool _allowMutations;
    private readonly bool _allowSubscriptions;

    private HttpOperationValidationRule(bool allowMutations, bool allowSubscriptions)
    {
        _allowMutations = allowMutations;
        _allowSubscriptions = allowSubscriptions;
    }

    public ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation;
        if (operation.Operation == OperationType.Mutation && !_allowMutations)
            context.ReportError(new MutationOverGetError(context, operation));
        else if (operation.Operation == OperationType.Subscription && !_allowSubscriptions)
            context.ReportError(new SubscriptionOverHttpError(context, operation));

        return default;
    }

    public ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => default;

    public ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => default;
}

/// <summary>A mutation sent with GET; the handler answers it with 405 and <c>Allow: POST</c>.</summary>
internal sealed class MutationOverGetError : ValidationError
{
    public MutationOverGetError(ValidationContext context, GraphQLOperationDefinition operation)
        : base(context.Document.Source, null, TransportErrors.MutationOverGet, operation)
    {
        Code = GraphQLHttpRequestError.ErrorCode;
    }
}

/// <summary>A subscription sent over plain HTTP: a request error, since no HTTP method can carry it.</summary>
internal sealed class SubscriptionOverHttpError : ValidationError
{
    public SubscriptionOverHttpError(ValidationContext context, GraphQLOperationDefinition operation)
        : base(context.Document.Source, null, TransportErrors.SubscriptionOverHttp, operation)
    {
        Code = GraphQLHttpRequestError.ErrorCode;
    }
}
