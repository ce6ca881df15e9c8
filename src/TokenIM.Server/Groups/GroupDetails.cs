namespace TokenIM.Server.Groups;

/// <summary>
/// Validated group details. On update, a field left out of the input keeps its value; an explicit
/// null description or picture removes it, which is why "given" is tracked apart from the value.
/// </summary>
public sealed record GroupDetails(string? Name, bool DescriptionGiven, string? Description, bool AvatarUrlGiven, string? AvatarUrl);
