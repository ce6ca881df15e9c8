using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Groups;

public sealed record GroupPayload(Group Group);

public sealed record DeleteGroupPayload(long DeletedGroupId);

/// <summary>The group mutations' payloads share one shape: the group as it now stands.</summary>
public abstract class GroupPayloadType : ObjectGraphType<GroupPayload>
{
    protected GroupPayloadType(string name, string mutation, string groupDescription)
    {
        Name = name;
        Description = $"The result of `{mutation}`.";
        Field<NonNullGraphType<GroupType>>("group").Description(groupDescription).Resolve(context => context.Source.Group);
    }
}

public sealed class CreateGroupPayloadType() : GroupPayloadType("CreateGroupPayload", "createGroup", "The new group.");

public sealed class AddGroupMembersPayloadType() : GroupPayloadType("AddGroupMembersPayload", "addGroupMembers", "The group with its new members.");

public sealed class RemoveGroupMemberPayloadType() : GroupPayloadType("RemoveGroupMemberPayload", "removeGroupMember", "The group without the removed member.");

public sealed class SetGroupMemberRolePayloadType() : GroupPayloadType("SetGroupMemberRolePayload", "setGroupMemberRole", "The group with the member's new role.");

public sealed class TransferGroupOwnershipPayloadType()
    : GroupPayloadType("TransferGroupOwnershipPayload", "transferGroupOwnership", "The group with its new owner.");

public sealed class UpdateGroupPayloadType() : GroupPayloadType("UpdateGroupPayload", "updateGroup", "The group with its new details.");

public sealed class LeaveGroupPayloadType : ObjectGraphType<GroupPayload>
{
    public LeaveGroupPayloadType()
    {
        Name = "LeaveGroupPayload";
        Description = "The result of `leaveGroup`.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group you left; it is no longer visible to you.")
            .Resolve(context => GlobalId.Encode(GroupType.TypeName, context.Source.Group.Id));
    }
}

public sealed class DeleteGroupPayloadType : ObjectGraphType<DeleteGroupPayload>
{
    public DeleteGroupPayloadType()
    {
        Name = "DeleteGroupPayload";
        Description = "The result of `deleteGroup`.";
        Field<NonNullGraphType<IdGraphType>>("deletedGroupId").Description("The dissolved group; it and its history are gone.")
            .Resolve(context => GlobalId.Encode(GroupType.TypeName, context.Source.DeletedGroupId));
    }
}
