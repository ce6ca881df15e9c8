using Microsoft.EntityFrameworkCore;
using TokenIM.Server.Conversations;
using TokenIM.Server.Data;
using TokenIM.Server.Errors;
using TokenIM.Server.Events;

namespace TokenIM.Server.Groups;

public sealed class GroupService(IDbContextFactory<TokenIMDbContext> dbFactory, EventPublisher events, GroupOptions options, TimeProvider clock)
{
    /// <summary>Creates a group and its conversation: the creator is its owner, everyone else a member.</summary>
    public async Task<Group> CreateAsync(long creatorId, string name, IReadOnlyCollection<long> memberIds, CancellationToken ct)
    {
        var others = memberIds.Where(id => id != creatorId).Distinct().ToList();
        if (others.Count + 1 > options.MaxMembers)
            throw ApiError.BadInput("input.memberIds", $"A group has at most {options.MaxMembers} members.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Users.Where(u => others.Contains(u.Id) && u.DeletedAt == null).Select(u => u.Id).ToListAsync(ct);
        if (found.Count != others.Count)
            throw ApiError.BadInput("input.memberIds", "Every member must be an existing, active user.");

        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Kind = ConversationKind.Group,
            CreatedAt = now,
            LastActivityAt = now,
            Members = [new ConversationMember { UserId = creatorId, JoinedAt = now, Role = GroupRole.Owner },
                       .. others.Select(id => new ConversationMember { UserId = id, JoinedAt = now, Role = GroupRole.Member })],
        };
        var group = new Group { Name = name, Conversation = conversation, CreatedById = creatorId, CreatedAt = now };
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        await events.MembershipChangedAsync(conversation.Id, [creatorId, .. others], isMember: true);
        return group;
    }

    /// <summary>The group if the user is one of its members; null otherwise.</summary>
    public async Task<Group?> FindForMemberAsync(long groupId, long userId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Groups.AsNoTracking()
            .Where(g => g.Id == groupId && db.ConversationMembers.Any(m => m.ConversationId == g.ConversationId && m.UserId == userId))
            .SingleOrDefaultAsync(ct);
    }
}
