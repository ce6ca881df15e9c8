using GraphQL.Types;
using TokenIM.Server.Users;

namespace TokenIM.Server.Groups;

public sealed record CreateGroupInput(string Name, IReadOnlyList<string> MemberIds, string? Description, string? AvatarUrl);

public sealed class CreateGroupInputType : InputObjectGraphType<CreateGroupInput>
{
    public CreateGroupInputType()
    {
        Name = "CreateGroupInput";
        Description = "A new group: you become its owner.";
        Field(i => i.Name).Description($"The group's name, 1–{GroupRules.NameMaxLength} characters after trimming.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("memberIds")
            .Description("The users to add as members (global ids); you are added as owner. Duplicates are ignored.");
        Field(i => i.Description, nullable: true).Description($"What the group is for, up to {GroupRules.DescriptionMaxLength} characters.");
        Field(i => i.AvatarUrl, nullable: true).Description($"An http(s) URL of the group's picture, up to {AccountRules.AvatarUrlMaxLength} characters.");
    }
}
