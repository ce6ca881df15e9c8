using GraphQL.Types;

namespace TokenIM.Server.Users;

/// <summary>Untyped on purpose: the resolver must tell an omitted <c>avatarUrl</c> from an explicit null.</summary>
public sealed class UpdateProfileInputType : InputObjectGraphType
{
    public UpdateProfileInputType()
    {
        Name = "UpdateProfileInput";
        Description = "The profile fields to change; a field left out keeps its current value.";
        Field<StringGraphType>("displayName").Description($"A new display name, 1–{AccountRules.DisplayNameMaxLength} characters after trimming.");
        Field<StringGraphType>("avatarUrl").Description("A new picture URL (absolute http or https); null removes the picture.");
    }
}
