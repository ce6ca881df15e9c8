namespace TokenIM.Server.Groups;

/// <summary>Bound from <c>TokenIM:Groups</c>.</summary>
public sealed class GroupOptions
{
    /// <summary>The most members a group may have, the owner included.</summary>
    public int MaxMembers { get; set; } = 1000;
}
