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
                var name = GroupRules.Name(input.Name);
                var memberIds = input.MemberIds.Select(id => GlobalId.Parse(id, UserType.TypeName, "input.memberIds")).ToList();
                var group = await context.Service<GroupService>().CreateAsync(userId, name, memberIds, context.CancellationToken);
                return new CreateGroupPayload(group);
            });
    }
}
