using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using TokenIM.Server.Api.Relay;

namespace TokenIM.Server.Api;

/// <summary>
/// How the complexity analyzer prices fields: every field costs one, and a list costs its children
/// once per item it can return. A field with <c>first</c>/<c>last</c> returns that many items
/// (its page size, or <see cref="Paging.DefaultPageSize"/> when neither is given), whether the list
/// is the field itself or, as in a connection, its <c>edges</c> and <c>nodes</c>. Other lists get the
/// analyzer's default guess, unless they declare their own (<see cref="PricedAsItems"/>). A negative size is priced as an empty page: the resolver refuses it, and
/// it must not lower the price of the rest of the operation.
/// </summary>
public static class PageSizeComplexity
{
    private const string ItemsKey = "TokenIM.Complexity.Items";

    /// <summary>
    /// Prices a list that is not paged as <paramref name="items"/> items: its bound, or what it typically holds when its
    /// bound is far above that and the whole list costs one query per page anyway.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> PricedAsItems<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int items) =>
        field.WithMetadata(ItemsKey, items);

    public static FieldComplexityResult Impact(FieldImpactContext context)
    {
        var options = context.Configuration;
        var type = context.FieldDefinition.ResolvedType;
        var fieldImpact = type?.GetNamedType() is IComplexGraphType ? options.DefaultObjectImpact : options.DefaultScalarImpact;

        if (Unwrap(type) is not ListGraphType) return new FieldComplexityResult(fieldImpact, 1);

        var items = PageSize(context)
                    ?? context.FieldDefinition.GetMetadata<int?>(ItemsKey)
                    ?? (context.Parent is { } parent && Unwrap(parent.FieldDefinition.ResolvedType) is not ListGraphType ? PageSize(parent) : null)
                    ?? options.DefaultListImpactMultiplier;
        return new FieldComplexityResult(fieldImpact, items);
    }

    /// <summary>The items a paged field returns, or null for a field that is not paged.</summary>
    private static double? PageSize(FieldImpactContext context)
    {
        var arguments = context.FieldDefinition.Arguments;
        if (arguments?.Find("first") is null && arguments?.Find("last") is null) return null;

        var first = context.GetArgument<int?>("first", null);
        var last = context.GetArgument<int?>("last", null);
        if (first is null && last is null) return Paging.DefaultPageSize;
        return Math.Max(0, Math.Max(first ?? 0, last ?? 0));
    }

    private static IGraphType? Unwrap(IGraphType? type) => type is NonNullGraphType nonNull ? nonNull.ResolvedType : type;
}
