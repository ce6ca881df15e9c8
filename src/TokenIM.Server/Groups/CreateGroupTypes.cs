using GraphQL.Types;

namespace TokenIM.Server.Groups;

public sealed record CreateGroupInput(string Name, IReadOnlyList<string> MemberIds);

public sealed record CreateGroupPayload(Group Group);

public sealed class CreateGroupInputType : InputObjectGraphType<CreateGroupInput>
{
    public CreateGroupInputType()
    {
        Name = "CreateGroupInput";
        Description = "A new group: you become its owner.";
        Field(i => i.Name).Description($"The group's name, 1–{GroupRules.NameMaxLength} characters after trimming.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("memberIds")
            .Description("The users to add as members (global ids); you are added as owner. Duplicates are ignored.");
    }
}

public sealed class CreateGroupPayloadType : ObjectGraphType<CreateGroupPayload>
{
    public CreateGroupPayloadType()
    {
        Name = "CreateGroupPayload";
        Description = "The result of `createGroup`.";
        Field<NonNullGraphType<GroupType>>("group").Description("The new group.").Resolve(context => context.Source.Group);
    }
}
