using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Users;
using TokenIM.Server.Log;

namespace TokenIM.Server.Messages;

public sealed class SystemActionType : EnumerationGraphType<SystemAction>
{
    public SystemActionType()
    {
        Name = "SystemAction";
        Description = "What a system message records.";
    }
}

/// <summary>The machine-readable side of a system message, for clients that render or localize it themselves.</summary>
public sealed class SystemEventType : ObjectGraphType<MessageView>
{
    public SystemEventType()
    {
        Name = "SystemEvent";
        Description = "What a system message records: who did what to whom. `Message.body` holds an English rendering.";
        Field<NonNullGraphType<SystemActionType>>("action").Description("What happened.").Resolve(context => context.Source.SystemAction);
        Field<NonNullGraphType<UserType>>("actor").Description("Who did it.")
            .Resolve(context => context.Service<UserByIdLoader>().LoadAsync(context.Source.SenderId));
        Field<UserType>("target").Description("Whom it was done to; null when the action has no target.")
            .Resolve(context => context.Source.TargetId is { } target ? context.Service<UserByIdLoader>().LoadAsync(target) : null);
        Field("role", TypeNames.Ref(TypeNames.GroupRole)).Description("The new role, for ROLE_CHANGED; otherwise null.")
            .Resolve(context => context.Source.SystemAction == SystemAction.RoleChanged && Enum.TryParse<GroupRole>(context.Source.SystemDetail, out var role)
                ? role
                : null);
        Field<StringGraphType>("name").Description("The group's name, for GROUP_CREATED and GROUP_RENAMED; otherwise null.")
            .Resolve(context => context.Source.SystemAction is SystemAction.GroupCreated or SystemAction.GroupRenamed ? context.Source.SystemDetail : null);
        Field<MessageType>("message").Description("The message pinned or unpinned, for MESSAGE_PINNED and MESSAGE_UNPINNED; otherwise null.")
            .Resolve(context => context.Source.SystemAction is SystemAction.MessagePinned or SystemAction.MessageUnpinned
                                && long.TryParse(context.Source.SystemDetail, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? context.Service<MessageByIdLoader>().LoadAsync(id)
                : null);
    }
}
