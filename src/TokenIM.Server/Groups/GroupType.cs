using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Conversations;

namespace TokenIM.Server.Groups;

public sealed class GroupType : NodeGraphType<Group>
{
    public const string TypeName = "Group";

    public GroupType() : base(TypeName, "A named group of users with one shared conversation. Visible to its members only.", g => g.Id)
    {
        Field(g => g.Name).Description("The group's name, 1–64 characters.");
        Field<NonNullGraphType<ConversationType>>("conversation").Description("The group's conversation.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId));
        Field(g => g.CreatedAt).Description("When the group was created (UTC).");
    }
}
