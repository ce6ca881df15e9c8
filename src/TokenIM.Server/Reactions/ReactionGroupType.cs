using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Reactions;

public sealed class ReactionGroupType : ObjectGraphType<ReactionGroup>
{
    public ReactionGroupType()
    {
        Name = "ReactionGroup";
        Description = "Everyone's reactions to a message with one emoji.";
        Field(g => g.Emoji).Description("One emoji (e.g. \"👍\") or a custom short name (e.g. \":party_parrot:\").");
        Field(g => g.Count).Description("How many members reacted with it.");
        Field(g => g.ReactedByMe).Description("Whether you are one of them.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserType>>>>("users")
            .Description($"The first members who reacted with it, at most {ReactionRules.UsersShown}, in the order they did.")
            .PricedAsItems(ReactionRules.UsersShown)
            .Resolve(context => context.Source.Users);
    }
}
