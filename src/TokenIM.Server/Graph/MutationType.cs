using GraphQL.Types;
using TokenIM.Server.Attachments;
using TokenIM.Server.Auth;
using TokenIM.Server.Blocking;
using TokenIM.Server.Conversations;
using TokenIM.Server.Groups;
using TokenIM.Server.Messages;
using TokenIM.Server.Muting;
using TokenIM.Server.Notifications;
using TokenIM.Server.Pins;
using TokenIM.Server.Push;
using TokenIM.Server.Reactions;
using TokenIM.Server.Typing;
using TokenIM.Server.Users;

namespace TokenIM.Server.Graph;

/// <summary>The root mutation: each feature adds its fields, in the order the schema prints them.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Everything a client can change.";
        this.AddAccountMutations();
        this.AddProfileMutations();
        this.AddMessageMutations();
        this.AddAttachmentMutations();
        this.AddReactionMutations();
        this.AddPinMutations();
        this.AddReadMutations();
        this.AddGroupMutations();
        this.AddNotificationMutations();
        this.AddTypingMutations();
        this.AddDeviceMutations();
        this.AddBlockMutations();
        this.AddMuteMutations();
    }
}
