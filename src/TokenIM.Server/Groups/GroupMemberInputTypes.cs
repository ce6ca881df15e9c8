using GraphQL.Types;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public sealed record AddGroupMembersInput(string GroupId, IReadOnlyList<string> UserIds);

public sealed record GroupMemberInput(string GroupId, string UserId);

public sealed record GroupInput(string GroupId);

public sealed record SetGroupMemberRoleInput(string GroupId, string UserId, GroupRole Role);

public sealed class AddGroupMembersInputType : InputObjectGraphType<AddGroupMembersInput>
{
    public AddGroupMembersInputType()
    {
        Name = "AddGroupMembersInput";
        Description = "Users to add to a group. Someone already in it is skipped, not added twice.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("userIds").Description("The users to add (global ids).");
    }
}

public sealed class RemoveGroupMemberInputType : InputObjectGraphType<GroupMemberInput>
{
    public RemoveGroupMemberInputType()
    {
        Name = "RemoveGroupMemberInput";
        Description = "A member to remove from a group.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The member to remove.");
    }
}

public sealed class TransferGroupOwnershipInputType : InputObjectGraphType<GroupMemberInput>
{
    public TransferGroupOwnershipInputType()
    {
        Name = "TransferGroupOwnershipInput";
        Description = "The member who becomes the group's owner.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The new owner; must be a member. You become an admin.");
    }
}

public sealed class SetGroupMemberRoleInputType : InputObjectGraphType<SetGroupMemberRoleInput>
{
    public SetGroupMemberRoleInputType()
    {
        Name = "SetGroupMemberRoleInput";
        Description = "A member's new role.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
        Field<NonNullGraphType<IdGraphType>>("userId").Description("The member.");
        Field<NonNullGraphType<GroupRoleType>>("role").Description("ADMIN or MEMBER; ownership moves only with transferGroupOwnership.");
    }
}

public sealed class LeaveGroupInputType : InputObjectGraphType<GroupInput>
{
    public LeaveGroupInputType()
    {
        Name = "LeaveGroupInput";
        Description = "The group to leave.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
    }
}

public sealed class DeleteGroupInputType : InputObjectGraphType<GroupInput>
{
    public DeleteGroupInputType()
    {
        Name = "DeleteGroupInput";
        Description = "The group to dissolve.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
    }
}

/// <summary>Untyped on purpose: the resolver must tell an omitted description or picture from an explicit null.</summary>
public sealed class UpdateGroupInputType : InputObjectGraphType
{
    public UpdateGroupInputType()
    {
        Name = "UpdateGroupInput";
        Description = "The group details to change; a field left out keeps its value.";
        Field<NonNullGraphType<IdGraphType>>("groupId").Description("The group's global id.");
        Field<StringGraphType>("name").Description($"A new name, 1–{GroupRules.NameMaxLength} characters after trimming.");
        Field<StringGraphType>("description").Description($"A new description, up to {GroupRules.DescriptionMaxLength} characters; null removes it.");
        Field<StringGraphType>("avatarUrl").Description("A new picture URL (absolute http or https); null removes it.");
    }
}
