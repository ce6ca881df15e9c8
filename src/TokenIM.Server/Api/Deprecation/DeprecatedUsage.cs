namespace TokenIM.Server.Api.Deprecation;

/// <summary>
/// An executed operation selected something marked <c>@deprecated</c>: a field (<c>User.oldField</c>)
/// or an enum value written in the document (<c>Role.OLD</c>).
/// </summary>
public sealed record DeprecatedUsage(string Coordinate, string Operation);
