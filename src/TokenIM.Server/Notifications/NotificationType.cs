using System.Text.Json.Nodes;
using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Notifications;

public sealed class NotificationType : NodeGraphType<Notification>
{
    public const string TypeName = "Notification";

    public NotificationType() : base(TypeName,
        "A notification sent to you by an administrator or a back-end service. Visible to its recipient only.", n => n.Id)
    {
        Field(n => n.Title).Description("A short headline, 1–200 characters.");
        Field(n => n.Body, nullable: true).Description("The text, up to 2,000 characters; null if none was sent.");
        Field<JsonGraphType>("data")
            .Description("A JSON object for your app, as the sender gave it (e.g. which screen to open); null if none was sent.")
            .Resolve(context => context.Source.Data is { } data ? JsonNode.Parse(data) : null);
        Field(n => n.CreatedAt).Description("When it was sent (UTC).");
        Field(n => n.ReadAt, nullable: true).Description("When you marked it read (UTC); null while unread.");
        Field<NonNullGraphType<BooleanGraphType>>("read").Description("True once you have marked it read.")
            .Resolve(context => context.Source.ReadAt is not null);
    }
}
