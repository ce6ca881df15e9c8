using GraphQL.Types;

namespace TokenIM.Server.Groups;

public sealed class GroupRoleType : EnumerationGraphType<GroupRole>
{
    public GroupRoleType()
    {
        Name = "GroupRole";
        Description = "What a member may do in a group; the README's permission matrix spells it out.";
    }
}
