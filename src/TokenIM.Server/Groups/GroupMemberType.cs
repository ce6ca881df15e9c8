using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;

namespace TokenIM.Server.Groups;

public sealed class GroupMemberType : ObjectGraphType<GroupMember>
{
    public GroupMemberType()
    {
        Name = "GroupMember";
        Description = "A member of a group and their role.";
        Field<NonNullGraphType<UserType>>("user").Description("The member.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.UserId));
        Field<NonNullGraphType<GroupRoleType>>("role").Description("The member's role.").Resolve(context => context.Source.Role);
        Field(m => m.JoinedAt).Description("When they joined the group (UTC).");
    }
}
