using System.Globalization;
using GraphQL;
using GraphQL.Types;
using TokenIM.Server.Api;
using TokenIM.Server.Audit;
using TokenIM.Server.Auth;
using TokenIM.Server.Errors;
using TokenIM.Server.Users;

namespace TokenIM.Server.Notifications;

public static class NotificationMutations
{
    public static void AddNotificationMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SendNotificationPayloadType>>("sendNotification")
            .Description("Sends a notification to users and/or a group's members: stored for each, and delivered live through " +
                         "`notificationReceived`. Administrators and service clients with the `notifications:send` scope only; " +
                         "anyone else gets FORBIDDEN.")
            .Argument<NonNullGraphType<SendNotificationInputType>>("input", "The notification and its recipients.")
            .ResolveAsync(async context =>
            {
                var sender = await RequireSenderAsync(context);
                var input = context.GetArgument<SendNotificationInput>("input");
                if ((input.UserIds is null || input.UserIds.Count == 0) && input.GroupId is null)
                    throw ApiError.BadInput("input", "Give 'userIds', 'groupId' or both.");
                if (input.UserIds?.Count > NotificationRules.MaxUserIds)
                    throw ApiError.BadInput("input.userIds", $"At most {NotificationRules.MaxUserIds} users can be named in one send.");
                var userIds = (input.UserIds ?? []).Select(id => GlobalId.Parse(id, UserType.TypeName, "input.userIds")).ToList();
                var groupId = input.GroupId is null ? (long?)null : GlobalId.Parse(input.GroupId, TypeNames.Group, "input.groupId");
                var title = NotificationRules.Title(input.Title);
                var body = NotificationRules.Body(input.Body);
                var data = NotificationRules.Data(input.Data);

                var sent = await context.Service<NotificationService>().SendAsync(userIds, groupId, title, body, data, context.CancellationToken);
                await context.Service<AuditLog>().RecordAsync(AuditAction.NotificationSend, AuditOutcome.Success, sender.UserId,
                    target: groupId is { } g ? GlobalId.Encode(TypeNames.Group, g)
                        : sent.Count == 1 ? AuditLog.UserTarget(sent[0].RecipientId) : null,
                    details: $"\"{title}\" to {sent.Count.ToString(CultureInfo.InvariantCulture)} recipient(s)",
                    actorClientId: sender.ClientId);
                return new SendNotificationPayload(sent);
            });

        mutation.Field<NonNullGraphType<MarkNotificationsReadPayloadType>>("markNotificationsRead")
            .Description("Marks notifications of yours read. Marking one twice is harmless.")
            .Argument<NonNullGraphType<MarkNotificationsReadInputType>>("input", "The notifications to mark.")
            .ResolveAsync(async context =>
            {
                var userId = context.RequireUserId();
                var input = context.GetArgument<MarkNotificationsReadInput>("input");
                if (input.Ids.Count > NotificationRules.MaxMarkIds)
                    throw ApiError.BadInput("input.ids", $"At most {NotificationRules.MaxMarkIds} ids can be marked in one call.");
                var ids = input.Ids.Select(id => GlobalId.Parse(id, NotificationType.TypeName, "input.ids")).ToList();
                var service = context.Service<NotificationService>();
                var marked = await service.MarkReadAsync(userId, ids, context.CancellationToken);
                return new MarkNotificationsReadPayload(marked, await service.UnreadCountAsync(userId, context.CancellationToken));
            });
    }

    /// <summary>
    /// The administrator or scoped service client sending; checked before the input is even read, so a
    /// refused caller learns nothing about users or groups. Refusals of a known caller are audited.
    /// </summary>
    private static async Task<NotificationSender> RequireSenderAsync(IResolveFieldContext context)
    {
        if (Scopes.HasScope(context.User, Scopes.NotificationsSend)) return new NotificationSender(null, context.User.ClientId());

        var audit = context.Service<AuditLog>();
        if (context.User.ClientId() is { } clientId)
        {
            await audit.RecordAsync(AuditAction.NotificationSend, AuditOutcome.Failure, actorClientId: clientId,
                details: $"The client lacks the '{Scopes.NotificationsSend}' scope.");
            throw ApiError.Forbidden($"This service client lacks the '{Scopes.NotificationsSend}' scope.");
        }
        var userId = context.UserId() ?? throw ApiError.Unauthenticated();
        if (await context.Service<Admins>().IsAdminAsync(userId, context.CancellationToken)) return new NotificationSender(userId, null);

        await audit.RecordAsync(AuditAction.NotificationSend, AuditOutcome.Failure, userId, details: "Not an administrator.");
        throw ApiError.Forbidden($"Only administrators and service clients with the '{Scopes.NotificationsSend}' scope may send notifications.");
    }
}
