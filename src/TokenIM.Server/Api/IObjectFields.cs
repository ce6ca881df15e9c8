using GraphQL.Types;

namespace TokenIM.Server.Api;

/// <summary>
/// Fields a feature adds to an object type of the shared model (<c>User</c>, <c>Conversation</c>, <c>Message</c>): a
/// feature registers one (<see cref="ObjectFieldsRegistration.AddObjectFields{TSource, TFields}"/>) and the type adds
/// them when the schema is built, in registration order. So the type knows no feature, and the feature knows no other.
/// </summary>
public interface IObjectFields<TSource>
{
    void AddTo(ObjectGraphType<TSource> type);
}

public static class ObjectFieldsRegistration
{
    public static IServiceCollection AddObjectFields<TSource, TFields>(this IServiceCollection services)
        where TFields : class, IObjectFields<TSource> =>
        services.AddSingleton<IObjectFields<TSource>, TFields>();

    /// <summary>Adds what the features registered for <typeparamref name="TSource"/>.</summary>
    public static void AddFieldsOfFeatures<TSource>(this ObjectGraphType<TSource> type, IEnumerable<IObjectFields<TSource>> features)
    {
        foreach (var fields in features) fields.AddTo(type);
    }
}
