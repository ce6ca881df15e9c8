using TokenIM.Server.Api;
using GraphQL.Types;
using TokenIM.Server.Users;

namespace TokenIM.Server.Mentions;

public sealed class MessageMentionsType : ObjectGraphType<MessageMentions>
{
    public MessageMentionsType()
    {
        Name = "MessageMentions";
        Description = "Who a message mentions, resolved when it was sent: `@username` of a member, and `@all`. An edit does not change them.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("users")
            .Description("The members named with `@username` (names of non-members and the sender's own are ignored).")
            // A message names a few members; however many, a page reads them all in one query.
            .PricedAsItems(5)
            .Resolve(context => context.Source.Users);
        Field(m => m.All).Description("True when `@all` was used: it mentions every member but the sender.");
        Field<NonNullGraphType<BooleanGraphType>>("me")
            .Description("True when the message mentions you, by name or by `@all`.")
            .Resolve(context => context.Source.IncludesViewer);
    }
}
