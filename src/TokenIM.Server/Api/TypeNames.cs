using GraphQL.Types;

namespace TokenIM.Server.Api;

/// <summary>
/// The names of the schema's types that one feature's fields return or one feature's ids name while another feature
/// defines them. A field of another feature's type is a reference by name (<see cref="Ref"/>), resolved when the schema
/// is built, so features do not reference each other's graph types.
/// </summary>
public static class TypeNames
{
    public const string User = "User";
    public const string Conversation = "Conversation";
    public const string Message = "Message";
    public const string Group = "Group";
    public const string GroupRole = "GroupRole";
    public const string Attachment = "Attachment";

    /// <summary>The named type, nullable.</summary>
    public static IGraphType Ref(string name) => new GraphQLTypeReference(name);

    /// <summary>The named type, non-null.</summary>
    public static IGraphType NonNull(string name) => new NonNullGraphType(new GraphQLTypeReference(name));
}
