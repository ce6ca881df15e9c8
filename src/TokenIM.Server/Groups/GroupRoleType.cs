using GraphQL.Types;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

public sealed class GroupRoleType : EnumerationGraphType<GroupRole>
{
    public GroupRoleType()
    {
        Name = "GroupRole";
        Description = "What a member may do in a group; the permission matrix of the API guide (docs/guide.md) spells it out.";
    }
}
