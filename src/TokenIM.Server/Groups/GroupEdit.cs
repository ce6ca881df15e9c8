using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

/// <summary>
/// One change to a group, applied by the conversation log with the conversation locked: the acting
/// member, the system messages it writes, and whose membership it starts or ends.
/// </summary>
public sealed class GroupEdit(LogTransaction log, Group group, ConversationMember actor, DateTime now)
{
    public TokenIMDbContext Db => log.Db;
    public Group Group => group;
    public ConversationMember Actor => actor;
    public DateTime Now => now;
    public List<Message> SystemMessages { get; } = [];
    public List<long> Joined { get; } = [];
    public List<long> Left { get; } = [];

    /// <summary>FORBIDDEN unless the acting member's role is one of <paramref name="roles"/>.</summary>
    public void RequireRole(string action, params GroupRole[] roles)
    {
        if (!roles.Contains(actor.Role))
            throw ApiError.Forbidden($"Only the group's {string.Join(" or ", roles.Select(r => r.ToString().ToLowerInvariant() + "s"))} may {action}.");
    }

    /// <summary>The membership of <paramref name="userId"/>, or NOT_FOUND naming the field.</summary>
    public async Task<ConversationMember> MemberAsync(long userId, string field, CancellationToken ct) =>
        await Db.ConversationMembers.SingleOrDefaultAsync(m => m.ConversationId == group.ConversationId && m.UserId == userId, ct)
        ?? throw new ApiError(ErrorCode.NotFound, "That user is not a member of the group.", field);

    /// <summary>The conversation's change position now (see <see cref="LogTransaction.LastChangeAsync"/>).</summary>
    public Task<int> LastChangeAsync(CancellationToken ct) => log.LastChangeAsync(group.ConversationId, ct);

    /// <summary>Appends a system message recording what the acting member did.</summary>
    public async Task RecordAsync(SystemAction action, long? targetId, string? detail, CancellationToken ct)
    {
        var names = await Db.Users.Where(u => u.Id == actor.UserId || u.Id == targetId).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var actorName = names[actor.UserId];
        var targetName = targetId is { } t ? names[t] : "";
        var body = action switch
        {
            SystemAction.GroupCreated => $"{actorName} created the group \"{detail}\"",
            SystemAction.MemberAdded => $"{actorName} added {targetName}",
            SystemAction.MemberRemoved => $"{actorName} removed {targetName}",
            SystemAction.MemberLeft => $"{actorName} left the group",
            SystemAction.RoleChanged => $"{actorName} made {targetName} {(detail == nameof(GroupRole.Admin) ? "an admin" : "a member")}",
            SystemAction.OwnershipTransferred => $"{actorName} made {targetName} the owner",
            SystemAction.GroupRenamed => $"{actorName} renamed the group to \"{detail}\"",
            SystemAction.GroupUpdated => $"{actorName} updated the group's details",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        SystemMessages.Add(await log.AppendAsync(new Message
        {
            ConversationId = group.ConversationId,
            SenderId = actor.UserId,
            Kind = MessageKind.System,
            Body = body,
            SystemAction = action,
            TargetId = targetId,
            SystemDetail = detail,
            CreatedAt = now,
        }, ct));
    }
}
