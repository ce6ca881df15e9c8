using GraphQL;
using GraphQL.Builders;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace TokenIM.GraphQL.AspNetCore;

/// <summary>
/// Which fields give every viewer the same value, so <see cref="SharedEventExecutionStrategy"/> may run
/// them once for all subscribers. Plain properties qualify by themselves; a field with a resolver of its
/// own qualifies only when marked <see cref="SameForEveryViewer{TSource, TReturn}"/>, so a new field that
/// reads the caller (an unread count, a role) is never shared by mistake.
/// </summary>
public static class SharedEventFields
{
    private const string MetadataKey = "TokenIM.GraphQL.SameForEveryViewer";

    /// <summary>Marks a field whose resolver gives the same value whoever the viewer is.</summary>
    public static FieldBuilder<TSource, TReturn> SameForEveryViewer<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) =>
        field.WithMetadata(MetadataKey, true);

    public static bool IsSameForEveryViewer(FieldType field) =>
        // SourceFieldResolver: a subscription field resolves to the event itself, the same object for every subscriber.
        field.Resolver is null or NameFieldResolver or SourceFieldResolver
        || (field.Resolver.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ExpressionFieldResolver<,>))
        || field.Name == "__typename"
        || field.GetMetadata(MetadataKey, false);
}
