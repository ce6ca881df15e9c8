using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Api.DataLoaders;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public sealed class GroupType : NodeGraphType<Group>
{
    public const string TypeName = TypeNames.Group;

    public GroupType() : base(TypeName, "A named group of users with one shared conversation. Visible to its members only.", g => g.Id)
    {
        Field(g => g.Name).Description($"The group's name, 1–{GroupRules.NameMaxLength} characters.");
        Field(g => g.Description, nullable: true).Description($"What the group is for, up to {GroupRules.DescriptionMaxLength} characters; null if none.");
        Field(g => g.AvatarUrl, nullable: true).Description("An http(s) URL of the group's picture; null if none.");
        Field("conversation", TypeNames.NonNull(TypeNames.Conversation)).Description("The group's conversation: send to its id.")
            .Resolve(context => context.Service<ConversationByIdLoader>().LoadAsync(context.Source.ConversationId));
        Field<NonNullGraphType<UserType>>("owner").Description("The member who owns the group.")
            .Resolve(context => context.Service<OwnerByConversationLoader>().LoadAsync(context.Source.ConversationId)
                .Then(ownerId => context.Service<UserByIdLoader>().LoadAsync(ownerId ?? 0)));
        Field<GroupRoleType>("myRole").Description("Your role in the group; null if you are not a member.")
            .Resolve(context => context.Service<MembershipLoader>().LoadAsync((context.Source.ConversationId, context.RequireUserId()))
                .Then(member => member?.Role));
        Field<NonNullGraphType<IntGraphType>>("memberCount").Description("How many members the group has, the owner included.")
            .Resolve(context => context.Service<MemberCountByConversationLoader>().LoadAsync(context.Source.ConversationId));
        Field<NonNullGraphType<ConnectionType<GroupMemberType, GroupMember>>>("members")
            .Description("The members: the owner first, then admins, then members, each in the order they joined.")
            .Argument<IntGraphType>("first", $"Page size, 0–{Paging.MaxPageSize}; default {Paging.DefaultPageSize}.")
            .Argument<StringGraphType>("after", "Continue after this cursor (a previous page's `pageInfo.endCursor`).")
            .ResolveAsync(async context => await context.Service<GroupService>().MembersAsync(context.Source.ConversationId,
                Paging.PageSize(context.GetArgument<int?>("first")), context.GetArgument<string?>("after"), context.CancellationToken));
        Field(g => g.CreatedAt).Description("When the group was created (UTC).");
    }
}
