using GraphQL.Types;
using TokenIM.Server.Api;

namespace TokenIM.Server.Notifications;

public sealed class SendNotificationInputType : InputObjectGraphType<SendNotificationInput>
{
    public SendNotificationInputType()
    {
        Name = "SendNotificationInput";
        Description = "A notification and its recipients: the users in `userIds`, the members of `groupId`, or both (each recipient gets it once).";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("userIds")
            .Description($"Users to notify (global ids), at most {NotificationRules.MaxUserIds}.");
        Field<IdGraphType>("groupId").Description("A group whose members to notify (global id).");
        Field(i => i.Title).Description($"A short headline, 1–{NotificationRules.TitleMaxLength} characters after trimming.");
        Field(i => i.Body, nullable: true).Description($"The text, up to {NotificationRules.BodyMaxLength} characters.");
        Field<JsonGraphType>("data")
            .Description($"A JSON object handed to the recipient's app as is (e.g. {{ \"screen\": \"chat\" }}), at most {NotificationRules.DataMaxLength} characters as JSON.");
    }
}

public sealed class MarkNotificationsReadInputType : InputObjectGraphType<MarkNotificationsReadInput>
{
    public MarkNotificationsReadInputType()
    {
        Name = "MarkNotificationsReadInput";
        Description = "Notifications of yours to mark read.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .Description($"The notifications' global ids, at most {NotificationRules.MaxMarkIds}. Ids that are not yours are ignored.");
    }
}
