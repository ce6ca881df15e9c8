using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Users;

namespace TokenIM.Server.Groups;

public static class GroupMutations
{
    public static void AddGroupMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateGroupPayloadType>>("createGroup")
            .Description("Creates a group and its conversation, with you as the owner and the given users as members.")
            .Argument<NonNullGraphType<CreateGroupInputType>>("input", "The group's name and members.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<CreateGroupInput>("input");
                var details = new GroupDetails(GroupRules.Name(input.Name), true, GroupRules.Description(input.Description),
                    true, AccountRules.AvatarUrl(input.AvatarUrl));
                var memberIds = input.MemberIds.Select(id => GlobalId.Parse(id, UserType.TypeName, "input.memberIds")).ToList();
                return new GroupPayload(await context.Service<GroupService>().CreateAsync(userId, details, memberIds, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<AddGroupMembersPayloadType>>("addGroupMembers")
            .Description("Adds users to a group. Owner or admin.")
            .Argument<NonNullGraphType<AddGroupMembersInputType>>("input", "The group and the users to add.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<AddGroupMembersInput>("input");
                var userIds = input.UserIds.Select(id => GlobalId.Parse(id, UserType.TypeName, "input.userIds")).ToList();
                return new GroupPayload(await context.Service<GroupService>()
                    .AddMembersAsync(context.RequireUserId(), GroupKey(input.GroupId), userIds, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<RemoveGroupMemberPayloadType>>("removeGroupMember")
            .Description("Removes a member from a group. The owner may remove anyone else; an admin, only members.")
            .Argument<NonNullGraphType<RemoveGroupMemberInputType>>("input", "The group and the member.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<GroupMemberInput>("input");
                return new GroupPayload(await context.Service<GroupService>().RemoveMemberAsync(
                    context.RequireUserId(), GroupKey(input.GroupId), UserKey(input.UserId), context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<LeaveGroupPayloadType>>("leaveGroup")
            .Description("Leaves a group. The owner must transfer ownership first.")
            .Argument<NonNullGraphType<LeaveGroupInputType>>("input", "The group.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<GroupInput>("input");
                return new GroupPayload(await context.Service<GroupService>()
                    .LeaveAsync(context.RequireUserId(), GroupKey(input.GroupId), context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<SetGroupMemberRolePayloadType>>("setGroupMemberRole")
            .Description("Makes a member an admin, or an admin a member. Owner only.")
            .Argument<NonNullGraphType<SetGroupMemberRoleInputType>>("input", "The group, the member and the role.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<SetGroupMemberRoleInput>("input");
                return new GroupPayload(await context.Service<GroupService>().SetRoleAsync(
                    context.RequireUserId(), GroupKey(input.GroupId), UserKey(input.UserId), input.Role, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<TransferGroupOwnershipPayloadType>>("transferGroupOwnership")
            .Description("Hands the group to another member, who becomes the owner; you become an admin. Owner only.")
            .Argument<NonNullGraphType<TransferGroupOwnershipInputType>>("input", "The group and the new owner.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<GroupMemberInput>("input");
                return new GroupPayload(await context.Service<GroupService>().TransferOwnershipAsync(
                    context.RequireUserId(), GroupKey(input.GroupId), UserKey(input.UserId), context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<UpdateGroupPayloadType>>("updateGroup")
            .Description("Changes the group's name, description or picture. Owner or admin.")
            .Argument<NonNullGraphType<UpdateGroupInputType>>("input", "The group and the details to change.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<Dictionary<string, object?>>("input");
                var details = new GroupDetails(
                    input.TryGetValue("name", out var name) ? GroupRules.Name(name as string) : null,
                    input.TryGetValue("description", out var description), GroupRules.Description(description as string),
                    input.TryGetValue("avatarUrl", out var avatar), AccountRules.AvatarUrl(avatar as string));
                return new GroupPayload(await context.Service<GroupService>().UpdateAsync(
                    context.RequireUserId(), GroupKey(input["groupId"] as string), details, context.CancellationToken));
            });

        mutation.Field<NonNullGraphType<DeleteGroupPayloadType>>("deleteGroup")
            .Description("Dissolves the group: it, its conversation and its history become unreachable for everyone. Owner only.")
            .Argument<NonNullGraphType<DeleteGroupInputType>>("input", "The group.")
            .ResolveAsync(async context =>
            {
                var groupId = GroupKey(context.GetArgument<GroupInput>("input").GroupId);
                await context.Service<GroupService>().DeleteAsync(context.RequireUserId(), groupId, context.CancellationToken);
                return new DeleteGroupPayload(groupId);
            });
    }

    private static long GroupKey(string? id) => GlobalId.Parse(id, GroupType.TypeName, "input.groupId");

    private static long UserKey(string? id) => GlobalId.Parse(id, UserType.TypeName, "input.userId");
}
