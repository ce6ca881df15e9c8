using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Api;
using TokenIM.Server.Api.Relay;
using TokenIM.Server.Audit;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Log;

namespace TokenIM.Server.Groups;

/// <summary>
/// Groups and their members. Every change is applied by the <see cref="ConversationLog"/> with the
/// group's conversation locked, checks the acting member's role inside that lock, records a system
/// message, and only after the commit tells live subscribers.
/// </summary>
public sealed class GroupService(
    IDbContextFactory<TokenIMDbContext> dbFactory, ConversationLog log, LogPublisher events, AuditLog audit, GroupOptions options, TimeProvider clock)
{
    private const GroupRole Owner = GroupRole.Owner;
    private const GroupRole Admin = GroupRole.Admin;

    /// <summary>Creates a group and its conversation: the creator is its owner, everyone else a member.</summary>
    public async Task<Group> CreateAsync(long creatorId, GroupDetails details, IReadOnlyCollection<long> memberIds, CancellationToken ct)
    {
        var others = memberIds.Where(id => id != creatorId).Distinct().ToList();
        if (others.Count + 1 > options.MaxMembers)
            throw ApiError.BadInput("input.memberIds", $"A group has at most {options.MaxMembers} members.");

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await RequireActiveUsersAsync(db, others, "input.memberIds", ct);
        var now = Now;
        var (group, edit) = await log.ApplyAsync(null, async (tx, token) =>
        {
            var owner = new ConversationMember { UserId = creatorId, JoinedAt = now, Role = Owner };
            var conversation = new Conversation
            {
                Kind = ConversationKind.Group,
                CreatedAt = now,
                LastActivityAt = now,
                Members = [owner, .. others.Select(id => new ConversationMember { UserId = id, JoinedAt = now, Role = GroupRole.Member })],
            };
            var group = new Group
            {
                Name = details.Name!, Description = details.Description, AvatarUrl = details.AvatarUrl,
                Conversation = conversation, CreatedById = creatorId, CreatedAt = now,
            };
            tx.Db.Groups.Add(group);
            await tx.Db.SaveChangesAsync(token);
            var edit = new GroupEdit(tx, group, owner, now);
            await edit.RecordAsync(SystemAction.GroupCreated, null, group.Name, token);
            await tx.Db.SaveChangesAsync(token);
            return (group, edit);
        }, ct);

        edit.Joined.AddRange([creatorId, .. others]);
        await AnnounceAsync(edit);
        return group;
    }

    public Task<Group> AddMembersAsync(long actorId, long groupId, IReadOnlyCollection<long> userIds, CancellationToken ct) =>
        ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("add members", Owner, Admin);
            var current = await edit.Db.ConversationMembers.Where(m => m.ConversationId == edit.Group.ConversationId)
                .Select(m => m.UserId).ToListAsync(ct);
            // Adding someone twice is not an error, and not a second membership.
            var added = userIds.Distinct().Except(current).ToList();
            if (current.Count + added.Count > options.MaxMembers)
                throw ApiError.BadInput("input.userIds", $"A group has at most {options.MaxMembers} members.");
            await RequireActiveUsersAsync(edit.Db, added, "input.userIds", ct);
            foreach (var userId in added)
            {
                edit.Db.ConversationMembers.Add(new ConversationMember
                {
                    ConversationId = edit.Group.ConversationId, UserId = userId, JoinedAt = edit.Now, Role = GroupRole.Member,
                    // From here on: the system message announcing them is their first change, nothing before it.
                    JoinedAtChange = await edit.LastChangeAsync(ct),
                });
                await edit.RecordAsync(SystemAction.MemberAdded, userId, null, ct);
                edit.Joined.Add(userId);
            }
        }, ct);

    public async Task<Group> RemoveMemberAsync(long actorId, long groupId, long userId, CancellationToken ct)
    {
        var group = await ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("remove members", Owner, Admin);
            if (userId == actorId) throw ApiError.BadInput("input.userId", "To leave a group, use leaveGroup.");
            var target = await edit.MemberAsync(userId, "input.userId", ct);
            if (target.Role == Owner) throw ApiError.Forbidden("The owner cannot be removed.");
            if (target.Role == Admin && edit.Actor.Role != Owner) throw ApiError.Forbidden("Only the owner may remove an admin.");
            edit.Db.ConversationMembers.Remove(target);
            await edit.RecordAsync(SystemAction.MemberRemoved, userId, null, ct);
            edit.Left.Add(userId);
        }, ct);
        await AuditAsync(AuditAction.GroupMemberRemoved, actorId, userId, group);
        return group;
    }

    public Task<Group> LeaveAsync(long actorId, long groupId, CancellationToken ct) =>
        ChangeAsync(actorId, groupId, async edit =>
        {
            if (edit.Actor.Role == Owner)
                throw ApiError.Forbidden("The owner cannot leave the group; transfer ownership first (transferGroupOwnership).");
            edit.Db.ConversationMembers.Remove(edit.Actor);
            await edit.RecordAsync(SystemAction.MemberLeft, null, null, ct);
            edit.Left.Add(actorId);
        }, ct);

    public async Task<Group> SetRoleAsync(long actorId, long groupId, long userId, GroupRole role, CancellationToken ct)
    {
        var changed = false;
        var group = await ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("change roles", Owner);
            if (role == Owner) throw ApiError.BadInput("input.role", "To make someone the owner, use transferGroupOwnership.");
            if (userId == actorId) throw ApiError.BadInput("input.userId", "The owner's role changes only by transferring ownership.");
            var target = await edit.MemberAsync(userId, "input.userId", ct);
            if (target.Role == role) return;
            target.Role = role;
            changed = true;
            await edit.RecordAsync(SystemAction.RoleChanged, userId, role.ToString(), ct);
        }, ct);
        if (changed) await AuditAsync(AuditAction.GroupRoleChanged, actorId, userId, group, $"new role {role}");
        return group;
    }

    public async Task<Group> TransferOwnershipAsync(long actorId, long groupId, long userId, CancellationToken ct)
    {
        var group = await ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("transfer ownership", Owner);
            if (userId == actorId) throw ApiError.BadInput("input.userId", "You already own the group.");
            var target = await edit.MemberAsync(userId, "input.userId", ct);
            target.Role = Owner;
            edit.Actor.Role = Admin;
            await edit.RecordAsync(SystemAction.OwnershipTransferred, userId, null, ct);
        }, ct);
        await AuditAsync(AuditAction.GroupOwnershipTransferred, actorId, userId, group);
        return group;
    }

    public Task<Group> UpdateAsync(long actorId, long groupId, GroupDetails changes, CancellationToken ct) =>
        ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("change the group's details", Owner, Admin);
            var group = edit.Group;
            if (changes.Name is { } name && name != group.Name)
            {
                group.Name = name;
                await edit.RecordAsync(SystemAction.GroupRenamed, null, name, ct);
            }
            var detailsChanged = false;
            if (changes.DescriptionGiven && changes.Description != group.Description)
            {
                group.Description = changes.Description;
                detailsChanged = true;
            }
            if (changes.AvatarUrlGiven && changes.AvatarUrl != group.AvatarUrl)
            {
                group.AvatarUrl = changes.AvatarUrl;
                detailsChanged = true;
            }
            if (detailsChanged) await edit.RecordAsync(SystemAction.GroupUpdated, null, null, ct);
        }, ct);

    /// <summary>Dissolves the group: it, its conversation and its history are gone for everyone.</summary>
    public async Task DeleteAsync(long actorId, long groupId, CancellationToken ct)
    {
        var members = new List<long>();
        var conversationId = 0L;
        var group = await ChangeAsync(actorId, groupId, async edit =>
        {
            edit.RequireRole("delete the group", Owner);
            conversationId = edit.Group.ConversationId;
            members.AddRange(await edit.Db.ConversationMembers.Where(m => m.ConversationId == conversationId).Select(m => m.UserId).ToListAsync(ct));
            // The database cascades to the group, the memberships and every message.
            await edit.Db.Conversations.Where(c => c.Id == conversationId).ExecuteDeleteAsync(ct);
        }, ct, announce: false);
        await events.MembershipChangedAsync(conversationId, members, isMember: false);
        await AuditAsync(AuditAction.GroupDeleted, actorId, null, group);
    }

    // Role changes, removals, hand-overs and dissolutions are security events as well as history.
    private Task AuditAsync(AuditAction action, long actorId, long? targetUserId, Group group, string? details = null) =>
        audit.RecordAsync(action, AuditOutcome.Success, actorId, targetUserId is { } target ? AuditLog.UserTarget(target) : null,
            $"group {GlobalId.Encode(GroupType.TypeName, group.Id)} \"{group.Name}\"" + (details is null ? "" : $"; {details}"));

    /// <summary>The group if the user is one of its members; null otherwise.</summary>
    public async Task<Group?> FindForMemberAsync(long groupId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Groups.AsNoTracking()
            .Where(g => g.Id == groupId && db.ConversationMembers.Any(m => m.ConversationId == g.ConversationId && m.UserId == userId))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The user's groups by name.</summary>
    public async Task<Connection<Group>> ListAsync(long userId, int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Groups.AsNoTracking()
            .Where(g => db.ConversationMembers.Any(m => m.ConversationId == g.ConversationId && m.UserId == userId));
        if (after is not null)
        {
            var (name, id) = NameCursor.Decode(after);
            query = query.Where(g => string.Compare(g.Name, name) > 0 || (g.Name == name && g.Id > id));
        }
        var rows = await query.OrderBy(g => g.Name).ThenBy(g => g.Id).Take(pageSize + 1).ToListAsync(ct);
        return Connection<Group>.Forward(rows, pageSize, after is not null, g => NameCursor.Encode(g.Name, g.Id));
    }

    /// <summary>A group's members: the owner first, then admins, then members, each by when they joined.</summary>
    public async Task<Connection<GroupMember>> MembersAsync(long conversationId, int pageSize, string? after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.ConversationMembers.AsNoTracking().Where(m => m.ConversationId == conversationId)
            .Select(m => new GroupMember(m.UserId, m.Role, m.JoinedAt)).ToListAsync(ct);
        var ordered = all.OrderBy(m => m.Role).ThenBy(m => m.JoinedAt).ThenBy(m => m.UserId).ToList();
        var start = 0;
        if (after is not null)
        {
            var afterUser = Paging.DecodeCursor(after);
            start = ordered.FindIndex(m => m.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) == afterUser) + 1;
            if (start == 0) throw ApiError.BadInput("after", "'after' is not a cursor of this member list.");
        }
        return Connection<GroupMember>.Forward(ordered.Skip(start).Take(pageSize + 1).ToList(), pageSize, start > 0,
            m => Paging.EncodeNumberCursor(m.UserId));
    }

    private async Task<Group> ChangeAsync(long actorId, long groupId, Func<GroupEdit, Task> apply, CancellationToken ct, bool announce = true)
    {
        long conversationId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            conversationId = await db.Groups.Where(g => g.Id == groupId).Select(g => (long?)g.ConversationId).SingleOrDefaultAsync(ct)
                             ?? throw NoSuchGroup();
        }
        var (group, edit) = await log.ApplyAsync(conversationId, async (tx, token) =>
        {
            // Read with the conversation locked: roles and memberships cannot change under this edit until it commits.
            var group = await tx.Db.Groups.SingleOrDefaultAsync(g => g.Id == groupId, token) ?? throw NoSuchGroup();
            var actor = await tx.Db.ConversationMembers.SingleOrDefaultAsync(m => m.ConversationId == conversationId && m.UserId == actorId, token)
                        ?? throw NoSuchGroup();
            var edit = new GroupEdit(tx, group, actor, Now);
            await apply(edit);
            await tx.Db.SaveChangesAsync(token);
            return (group, edit);
        }, ct);
        if (announce) await AnnounceAsync(edit);
        return group;
    }

    // Joiners' feeds follow the conversation before its system messages go out; leavers' stop.
    private async Task AnnounceAsync(GroupEdit edit)
    {
        var firstRecorded = edit.SystemMessages.Count > 0 ? edit.SystemMessages.Min(m => m.Seq) : 1;
        await events.MembershipChangedAsync(edit.Group.ConversationId, edit.Joined, isMember: true, fromSeq: firstRecorded - 1);
        await events.MembershipChangedAsync(edit.Group.ConversationId, edit.Left, isMember: false);
        foreach (var message in edit.SystemMessages) await events.MessagePostedAsync(message);
    }

    private static async Task RequireActiveUsersAsync(TokenIMDbContext db, IReadOnlyCollection<long> userIds, string field, CancellationToken ct)
    {
        var found = await db.Users.CountAsync(u => userIds.Contains(u.Id) && u.DeletedAt == null, ct);
        if (found != userIds.Count) throw ApiError.BadInput(field, "Every member must be an existing, active user.");
    }

    // Non-members learn nothing about a group, not even that it exists.
    private static ApiError NoSuchGroup() => ApiError.NotFound("There is no such group.");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
