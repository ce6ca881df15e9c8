namespace TokenIM.Server.Users;

/// <summary>
/// A validated profile edit. A field left out of the input keeps its value; <c>avatarUrl: null</c>
/// given explicitly removes the picture, which is why "given" is tracked apart from the value.
/// </summary>
public sealed record ProfileChanges(string? DisplayName, bool AvatarUrlGiven, string? AvatarUrl);
