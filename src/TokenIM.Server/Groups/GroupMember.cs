using TokenIM.Server.Log;
namespace TokenIM.Server.Groups;

/// <summary>A member of a group, as the group's member list shows it.</summary>
public sealed record GroupMember(long UserId, GroupRole Role, DateTime JoinedAt);
