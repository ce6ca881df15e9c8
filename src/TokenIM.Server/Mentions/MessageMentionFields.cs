using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Auth;
using TokenIM.Server.Log;

namespace TokenIM.Server.Mentions;

public sealed class MessageMentionFields : IObjectFields<MessageView>
{
    public void AddTo(ObjectGraphType<MessageView> message)
    {
        message.Field<NonNullGraphType<MessageMentionsType>>("mentions")
            .Description("Who the message mentions. Read for a whole page of messages in one query. Empty once the message is recalled.")
            // A recall erases the text; who it named goes with it.
            .Resolve(context => context.Source.DeletedAt is not null
                ? MessageMentions.None
                : context.Service<MentionsByMessageLoader>().LoadAsync((context.Source.Id, context.RequireUserId())));
    }
}
