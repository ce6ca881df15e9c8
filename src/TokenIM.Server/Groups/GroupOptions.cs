using System.ComponentModel.DataAnnotations;

namespace TokenIM.Server.Groups;

/// <summary>Bound from <c>TokenIM:Groups</c>.</summary>
public sealed class GroupOptions
{
    public const string Section = "TokenIM:Groups";

    /// <summary>The most members a group may have, the owner included: a group of one is its owner alone.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "{0} must be at least {1}.")]
    public int MaxMembers { get; set; } = 1000;
}
