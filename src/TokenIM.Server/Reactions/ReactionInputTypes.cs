using GraphQL.Types;

namespace TokenIM.Server.Reactions;

public sealed class AddReactionInputType : InputObjectGraphType<AddReactionInput>
{
    public AddReactionInputType()
    {
        Name = "AddReactionInput";
        Description = "A reaction to add to a message in one of your conversations.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
        Field(i => i.Emoji).Description(EmojiDescription);
    }

    internal const string EmojiDescription =
        "Exactly one emoji (e.g. \"👍\", \"👍🏽\", \"🇫🇷\") or a custom short name like \":party_parrot:\" (lower-case letters, digits, `_+-`), " +
        "at most 32 characters.";
}

public sealed class RemoveReactionInputType : InputObjectGraphType<RemoveReactionInput>
{
    public RemoveReactionInputType()
    {
        Name = "RemoveReactionInput";
        Description = "One of your reactions to take back.";
        Field<NonNullGraphType<IdGraphType>>("messageId").Description("The message's global id.");
        Field(i => i.Emoji).Description("The emoji you reacted with.");
    }
}
