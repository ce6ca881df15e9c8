using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Users;

public sealed class UserType : NodeGraphType<User>
{
    public const string TypeName = TypeNames.User;

    public UserType(IEnumerable<IObjectFields<User>> features) : base(TypeName,
        "A person with a TokenIM account. A deleted account stays visible as the author of its past messages.", u => u.Id)
    {
        Field(u => u.Username, nullable: true)
            .Description("The unique sign-in name; null once the account is deleted.");
        Field(u => u.DisplayName).Description("The name to show; \"Deleted user\" once the account is deleted.");
        Field(u => u.AvatarUrl, nullable: true).Description("An http(s) URL of the user's picture, if they set one.");
        Field(u => u.CreatedAt).Description("When the account was registered (UTC).");
        Field<NonNullGraphType<BooleanGraphType>>("deleted").Description("True when the account has been deleted.")
            .Resolve(context => context.Source.IsDeleted);
        this.AddFieldsOfFeatures(features);
    }
}
